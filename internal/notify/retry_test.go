package notify

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync/atomic"
	"testing"
	"time"
)

// flakyReply is one scripted answer of the fake robot: an HTTP status, or
// 200 with the given errcode.
type flakyReply struct {
	status  int
	errcode int
}

// startFlaky starts a DingTalk-like server that plays replies in order and
// counts the requests.
func startFlaky(t *testing.T, replies ...flakyReply) (*httptest.Server, *atomic.Int32) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := int(n.Add(1)) - 1
		rp := replies[min(i, len(replies)-1)]
		if rp.status != http.StatusOK {
			http.Error(w, `{"errcode":-1,"errmsg":"upstream failure"}`, rp.status)
			return
		}
		replyJSON(w, map[string]any{"errcode": rp.errcode, "errmsg": "errmsg for the test"})
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

// recordSleep returns a Sleep that records the delays and never waits.
func recordSleep(delays *[]time.Duration) func(context.Context, time.Duration) error {
	return func(ctx context.Context, d time.Duration) error {
		*delays = append(*delays, d)
		return ctx.Err()
	}
}

func TestRetry(t *testing.T) {
	ok := flakyReply{status: 200}
	tests := []struct {
		name          string
		replies       []flakyReply
		policy        Backoff
		wantAttempts  int
		wantErr       bool
		wantPermanent bool
		wantDelays    []time.Duration
	}{
		{"500 twice then 200", []flakyReply{{status: 500}, {status: 500}, ok},
			Backoff{Initial: 100 * time.Millisecond, Max: time.Second, Attempts: 5}, 3, false, false,
			[]time.Duration{100 * time.Millisecond, 200 * time.Millisecond}},
		{"400 is not retried", []flakyReply{{status: 400}, ok},
			Backoff{Initial: time.Second, Attempts: 5}, 1, true, true, nil},
		{"429 is retried", []flakyReply{{status: 429}, ok},
			Backoff{Initial: time.Second, Attempts: 5}, 2, false, false, []time.Duration{time.Second}},
		{"rate-limit code is retried", []flakyReply{{status: 200, errcode: 130101}, ok},
			Backoff{Initial: time.Second, Attempts: 5}, 2, false, false, []time.Duration{time.Second}},
		{"bad-signature code is not retried", []flakyReply{{status: 200, errcode: 310000}, ok},
			Backoff{Initial: time.Second, Attempts: 5}, 1, true, true, nil},
		{"delays capped at Max, attempts run out", []flakyReply{{status: 503}},
			Backoff{Initial: time.Second, Max: 3 * time.Second, Attempts: 4}, 4, true, false,
			[]time.Duration{time.Second, 2 * time.Second, 3 * time.Second}},
		{"zero policy tries once", []flakyReply{{status: 500}}, Backoff{}, 1, true, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, hits := startFlaky(t, tt.replies...)
			var delays []time.Duration
			policy := tt.policy
			policy.Sleep = recordSleep(&delays)
			attempts, err := Retry(context.Background(), &DingTalk{URL: srv.URL + "/robot/send?access_token=t"}, digestLike, policy)
			if attempts != tt.wantAttempts || int(hits.Load()) != tt.wantAttempts {
				t.Errorf("attempts = %d, server hits = %d, want %d", attempts, hits.Load(), tt.wantAttempts)
			}
			if (err != nil) != tt.wantErr || IsPermanent(err) != tt.wantPermanent {
				t.Errorf("err = %v (permanent %v), want error %v permanent %v", err, IsPermanent(err), tt.wantErr, tt.wantPermanent)
			}
			if !slices.Equal(delays, tt.wantDelays) {
				t.Errorf("delays = %v, want %v", delays, tt.wantDelays)
			}
		})
	}
}

func TestRetryStopsOnCancel(t *testing.T) {
	srv, hits := startFlaky(t, flakyReply{status: 500})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	policy := Backoff{Initial: time.Hour, Attempts: 10, Sleep: func(ctx context.Context, d time.Duration) error {
		cancel() // the caller shuts down while Retry waits
		<-ctx.Done()
		return ctx.Err()
	}}
	attempts, err := Retry(ctx, &DingTalk{URL: srv.URL}, digestLike, policy)
	if attempts != 1 || hits.Load() != 1 {
		t.Errorf("attempts = %d, server hits = %d, want 1", attempts, hits.Load())
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestRetryRealSleepHonoursContext(t *testing.T) {
	srv, _ := startFlaky(t, flakyReply{status: 500})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := Retry(ctx, &DingTalk{URL: srv.URL}, digestLike, Backoff{Initial: time.Hour, Attempts: 3})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want context.DeadlineExceeded", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Retry took %v, want it to stop at the deadline", d)
	}
}

package notify

import (
	"context"
	"errors"
	"math"
	"time"
)

// Backoff is how Retry spaces its attempts: it waits Initial after the first
// failure and doubles the wait after each further one, up to Max.
type Backoff struct {
	Initial  time.Duration // first wait; 0 means 1s
	Max      time.Duration // longest wait; 0 means no cap
	Attempts int           // attempts in all, the first included; below 1 means 1
	// Sleep waits d or until ctx is done, returning ctx.Err() then; nil
	// means a timer. Tests inject one that records d and returns at once.
	Sleep func(ctx context.Context, d time.Duration) error
}

// Retry sends m through s until it succeeds, the error is permanent, the
// attempts run out, or ctx is done. It returns how many times it called
// s.Send and the last error; when ctx ends the wait, that error is joined
// with ctx.Err().
func Retry(ctx context.Context, s Sender, m Message, policy Backoff) (attempts int, err error) {
	limit := max(policy.Attempts, 1)
	sleep := policy.Sleep
	if sleep == nil {
		sleep = sleepContext
	}
	delay := policy.Initial
	if delay <= 0 {
		delay = time.Second
	}
	if policy.Max > 0 {
		delay = min(delay, policy.Max)
	}
	for n := 1; ; n++ {
		if cerr := ctx.Err(); cerr != nil {
			return n - 1, errors.Join(cerr, err)
		}
		err = s.Send(ctx, m)
		if err == nil || IsPermanent(err) || n >= limit {
			return n, err
		}
		if serr := sleep(ctx, delay); serr != nil {
			return n, errors.Join(serr, err)
		}
		delay = policy.next(delay)
	}
}

// next doubles d, capped at Max and safe from overflow.
func (b Backoff) next(d time.Duration) time.Duration {
	if d > math.MaxInt64/2 {
		d = math.MaxInt64
	} else {
		d *= 2
	}
	if b.Max > 0 && d > b.Max {
		d = b.Max
	}
	return d
}

// sleepContext waits d, or until ctx is done.
func sleepContext(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

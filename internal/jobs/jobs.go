// Package jobs runs duban's background work on a clock that tests can
// move: the supervision ladder, look-back reminders, the daily digest and
// the delivery of notifications. Every pass is idempotent, so a restart or a
// second instance never takes a step twice: steps are unique rows, daily
// jobs claim their day, and deliveries are leased.
package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"duban/internal/duban"
	"duban/internal/files"
	"duban/internal/metrics"
	"duban/internal/notify"
	"duban/internal/store"
)

// Runner owns the background loop.
type Runner struct {
	DB       *store.DB
	Now      func() time.Time // the clock; tests move it
	Instance string           // names this process in job claims
	Interval time.Duration    // between passes; 1 minute when 0
	SMTP     *notify.SMTPConfig
	Log      *slog.Logger
	Metrics  *metrics.Metrics // counts passes, steps and deliveries; nil: none
	// DigestHour is the hour (China time) after which the daily digest goes out.
	DigestHour int
	// Files, when set, is swept of orphaned uploads (sweep.go).
	Files *files.Store

	lastSweep time.Time

	wg sync.WaitGroup
}

// Start runs passes until ctx ends; Wait waits for the loop to stop.
func (r *Runner) Start(ctx context.Context) {
	interval := r.Interval
	if interval <= 0 {
		interval = time.Minute
	}
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			if err := r.Tick(ctx); err != nil && ctx.Err() == nil {
				r.Log.Error("background pass failed", "err", err)
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
}

// Wait blocks until the loop started by Start has stopped.
func (r *Runner) Wait() { r.wg.Wait() }

// reportSteps is how many of a pass's steps its report lists: the first
// pass over a newly loaded national plan takes tens of thousands.
const reportSteps = 200

// Report tells what one pass did.
type Report struct {
	Steps      []duban.Escalation `json:"steps"`       // the first reportSteps of them
	StepsTaken int                `json:"steps_taken"` // all of them
	Lookbacks  int                `json:"lookbacks_due"`
	Digests    int                `json:"digests"`
	Deliveries int                `json:"deliveries"`
	Failed     int                `json:"failed"`
	Swept      int                `json:"files_swept"`
	Discarded  int                `json:"imports_discarded"` // imports whose process died midway, deleted
}

// Tick runs one pass as of r.Now().
func (r *Runner) Tick(ctx context.Context) error {
	rep, err := r.Pass(ctx)
	r.Metrics.Pass(rep.StepsTaken, rep.Deliveries, rep.Failed, err)
	return err
}

// Pass runs one pass as of r.Now() and reports what it did.
func (r *Runner) Pass(ctx context.Context) (*Report, error) { return r.PassAt(ctx, r.Now()) }

// PassAt runs one pass as of a given time: an administrator replaying a day.
func (r *Runner) PassAt(ctx context.Context, now time.Time) (*Report, error) {
	rep := &Report{}
	if err := r.DB.ReloadCalendar(ctx); err != nil {
		return rep, err
	}
	// Count each plan's lights for the pass's day before anyone asks.
	if err := r.DB.RecountLights(ctx, duban.DateOf(now.In(duban.ChinaTime))); err != nil {
		return rep, err
	}
	var err error
	rep.Steps, rep.StepsTaken, err = r.DB.RunLadderSome(ctx, now, reportSteps)
	if err != nil {
		return rep, err
	}
	if rep.Lookbacks, err = r.DB.NotifyLookbacksDue(ctx, now); err != nil {
		return rep, err
	}
	if rep.Digests, err = r.digest(ctx, now); err != nil {
		return rep, err
	}
	if rep.Deliveries, rep.Failed, err = r.deliver(ctx, now); err != nil {
		return rep, err
	}
	if rep.Discarded, err = r.DB.SweepStagedImports(ctx); err != nil {
		return rep, err
	}
	rep.Swept, err = r.sweep(ctx, now)
	return rep, err
}

// digest sends each person's daily digest once a day, after DigestHour.
func (r *Runner) digest(ctx context.Context, now time.Time) (int, error) {
	local := now.In(duban.ChinaTime)
	hour := r.DigestHour
	if hour == 0 {
		hour = 8
	}
	if local.Hour() < hour {
		return 0, nil
	}
	day := duban.DateOf(local)
	if !r.DB.Calendar().IsWorkday(day) {
		return 0, nil // digests go out on working days only
	}
	ok, err := r.DB.ClaimRun(ctx, "digest", day.String(), r.Instance)
	if err != nil || !ok {
		return 0, err
	}
	return r.DB.QueueDigests(ctx, now, func(name string, items []store.DigestItem) (string, string) {
		var di []notify.DigestItem
		for _, it := range items {
			di = append(di, notify.DigestItem{Title: it.Title, Unit: it.Unit, Deadline: it.Deadline, Light: string(it.Light), Note: it.Note})
		}
		m := notify.Digest(name, di)
		return m.Subject, m.Text
	})
}

// deliver sends due deliveries, retrying failures with back-off.
func (r *Runner) deliver(ctx context.Context, now time.Time) (sent, failed int, err error) {
	ds, err := r.DB.ClaimDeliveries(ctx, now, 5*time.Minute, 50)
	if err != nil {
		return 0, 0, err
	}
	for _, d := range ds {
		sender := r.sender(d)
		if sender == nil {
			if err := r.DB.SkipDelivery(ctx, d.ID, "未配置邮件服务器（DUBAN_SMTP_HOST），未发送"); err != nil {
				return sent, failed, err
			}
			continue
		}
		msg := notify.Message{To: []string{d.Target}, Subject: d.Title, Text: d.Body, Markdown: "### " + d.Title + "\n\n" + d.Body}
		sendErr := sender.Send(ctx, msg)
		retry := time.Time{}
		if sendErr != nil {
			failed++
			if !notify.IsPermanent(sendErr) && d.Attempts+1 < maxAttempts {
				retry = now.Add(backoff(d.Attempts))
			}
		} else {
			sent++
		}
		if err := r.DB.FinishDelivery(ctx, d.ID, sendErr, now, retry); err != nil {
			return sent, failed, err
		}
	}
	return sent, failed, nil
}

const maxAttempts = 6

// backoff is the wait before attempt n+1: 1, 2, 4 … minutes, at most an hour.
func backoff(attempts int) time.Duration {
	d := time.Minute << attempts
	if d > time.Hour || d <= 0 {
		d = time.Hour
	}
	return d
}

func (r *Runner) sender(d store.Delivery) notify.Sender {
	switch d.Channel {
	case "email":
		if r.SMTP == nil || r.SMTP.Host == "" {
			return nil
		}
		return notify.NewSMTP(*r.SMTP)
	case "dingtalk":
		return &notify.DingTalk{URL: d.URL, Secret: d.Secret}
	case "wecom":
		return &notify.WeCom{URL: d.URL}
	case "feishu":
		return &notify.Feishu{URL: d.URL, Secret: d.Secret}
	}
	return nil
}

// SMTPFromEnv reads the mail server from DUBAN_SMTP_HOST, _PORT, _USER,
// _PASSWORD, _FROM and _STARTTLS; nil when no host is set.
func SMTPFromEnv(getenv func(string) string) (*notify.SMTPConfig, error) {
	host := getenv("DUBAN_SMTP_HOST")
	if host == "" {
		return nil, nil
	}
	c := &notify.SMTPConfig{Host: host, Port: 25, Username: getenv("DUBAN_SMTP_USER"), Password: getenv("DUBAN_SMTP_PASSWORD"),
		From: getenv("DUBAN_SMTP_FROM"), StartTLS: getenv("DUBAN_SMTP_STARTTLS") == "true"}
	if p := getenv("DUBAN_SMTP_PORT"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil {
			return nil, errors.New("config: DUBAN_SMTP_PORT must be a number")
		}
		c.Port = n
	}
	if c.From == "" {
		c.From = fmt.Sprintf("duban@%s", host)
	}
	return c, nil
}

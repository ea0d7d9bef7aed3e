package jobs

import (
	"context"
	"time"
)

// OrphanAge is how old an unreferenced upload must be before the sweep
// removes it: older than any request or transaction that could still
// reference it.
const OrphanAge = 24 * time.Hour

// sweepEvery is how often the file sweep runs (it walks the whole folder).
const sweepEvery = time.Hour

// sweep removes uploads no attachment references that are older than
// OrphanAge, and temporary uploads a crash left behind, at most once an
// hour. It returns how many files it removed.
func (r *Runner) sweep(ctx context.Context, now time.Time) (int, error) {
	if r.Files == nil || (!r.lastSweep.IsZero() && now.Sub(r.lastSweep) < sweepEvery && now.After(r.lastSweep)) {
		return 0, nil
	}
	r.lastSweep = now
	return r.Files.Sweep(now.Add(-OrphanAge), func(sha string) (bool, error) { return r.DB.FileReferenced(ctx, sha) })
}

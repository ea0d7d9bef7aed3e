package store

import (
	"context"
	"fmt"
	"sync"
)

// An import's kept rows are written by a goroutine of their own (Tx.async)
// while the import goes on building the next ones: the statements' work
// (on SQLite, the database engine itself, on the writer connection) and the
// import's own (records, audit JSON, checks) then run on two cores instead
// of taking turns on one. Only one goroutine uses the transaction at a
// time all the same: every statement the transaction runs otherwise waits
// until the written rows are in (settle), and so does its end.

// laterJob is one statement of kept rows.
type laterJob struct {
	table, q string
	args     []any
}

// laterWriter writes kept rows in the background for one transaction.
type laterWriter struct {
	jobs    chan laterJob
	pending sync.WaitGroup
	mu      sync.Mutex
	err     error // the first failed statement's; the rest are skipped
}

// laterQueue is how many statements may wait for the writer: enough to
// keep it busy, few enough that the rows waiting stay small.
const laterQueue = 16

// enqueue hands a statement of kept rows to the background writer,
// starting it on first use.
func (t *Tx) enqueue(ctx context.Context, table, q string, args []any) {
	w := t.writer
	if w == nil {
		w = &laterWriter{jobs: make(chan laterJob, laterQueue)}
		t.writer = w
		go func() {
			for j := range w.jobs {
				w.mu.Lock()
				failed := w.err != nil
				w.mu.Unlock()
				if !failed {
					if _, err := t.execNow(ctx, j.q, j.args...); err != nil {
						w.mu.Lock()
						w.err = fmt.Errorf("store: insert into %s: %w", j.table, err)
						w.mu.Unlock()
					}
				}
				w.pending.Done()
			}
		}()
	}
	w.pending.Add(1)
	w.jobs <- laterJob{table, q, args}
}

// settle waits until the background writer has written every statement
// handed to it, and returns the first that failed.
func (t *Tx) settle() error {
	w := t.writer
	if w == nil {
		return nil
	}
	w.pending.Wait()
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// stopWriter settles and ends the background writer; the transaction
// then writes its kept rows itself again.
func (t *Tx) stopWriter() error {
	t.async = false
	err := t.settle()
	if t.writer != nil {
		close(t.writer.jobs)
		t.writer = nil
	}
	return err
}

package store

import (
	"context"
	"sync"
	"testing"
	"time"
)

// A burst of reads from more goroutines than the read pool holds keeps its
// connections: none is closed for being idle beyond the pool's idle limit
// and opened again for the next read (each open sets its pragmas and
// prepares its statements anew).
func TestReadPoolKeepsItsConnections(t *testing.T) {
	eachDialect(t, func(t *testing.T, open func() *DB) {
		db := open()
		ctx := context.Background()
		var wg sync.WaitGroup
		errs := make(chan error, 16)
		for range 16 {
			wg.Go(func() {
				for range 5 {
					// Each read holds its connection a moment, as a page's
					// few queries do, so that the pool fills.
					c, err := db.read.Conn(ctx)
					if err != nil {
						errs <- err
						return
					}
					var n int
					err = c.QueryRowContext(ctx, db.rebind(`SELECT COUNT(*) FROM units WHERE id > ?`), 0).Scan(&n)
					time.Sleep(2 * time.Millisecond)
					c.Close()
					if err != nil {
						errs <- err
						return
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		st := db.read.Stats()
		if st.MaxIdleClosed != 0 || st.OpenConnections > st.MaxOpenConnections {
			t.Errorf("read pool after 80 reads from 16 goroutines: %d connections closed as idle beyond the limit, %d open of %d",
				st.MaxIdleClosed, st.OpenConnections, st.MaxOpenConnections)
		}
	})
}

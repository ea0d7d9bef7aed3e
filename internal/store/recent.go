package store

import (
	"sync"
	"time"
)

// recentFresh is how long Recent serves an answer without reading it
// again, and recentMax how many answers it keeps (past it, all are
// forgotten).
const (
	recentFresh = time.Second
	recentMax   = 4096
)

type recentEntry struct {
	v    any
	gen  uint64    // db.wrote when it was read
	read time.Time // when it was read (monotonic)
}

// recentCache holds Recent's answers by key.
type recentCache struct {
	mu sync.Mutex
	m  map[string]recentEntry
}

// Recent returns what read returns, remembered under key for at most a
// second and not past the end of any write transaction of this process:
// for the small lookups every page makes around its content (the unread
// badge, a unit's or a source's name, the indicator panel), each a
// statement of its own, which on PostgreSQL were as much as the battle map
// page's content. A change made by another process on the same database
// shows within the second. The key names everything the answer depends on
// (the caller, the language); the answer is shared between requests and
// must not be changed. Errors are not remembered.
func Recent[T any](db *DB, key string, read func() (T, error)) (T, error) {
	gen := db.wrote.Load() // before the read: a write meanwhile makes it stale
	if v, ok := db.recent.get(key, gen); ok {
		if v, ok := v.(T); ok {
			return v, nil
		}
	}
	at := time.Now()
	v, err := read()
	if err != nil {
		return v, err
	}
	db.recent.put(key, recentEntry{v: v, gen: gen, read: at})
	return v, nil
}

// get returns the answer kept under key if it was read at gen less than
// recentFresh ago.
func (c *recentCache) get(key string, gen uint64) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[key]
	if !ok || e.gen != gen || time.Since(e.read) >= recentFresh {
		return nil, false
	}
	return e.v, true
}

func (c *recentCache) put(key string, e recentEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= recentMax {
		c.m = make(map[string]recentEntry)
	}
	c.m[key] = e
}

// update replaces the answer kept under key, keeping when it was read, if
// no write has ended since (gen is db.wrote now): a stale answer is left to
// be read again.
func (c *recentCache) update(key string, gen uint64, v any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[key]; ok && e.gen == gen {
		e.v = v
		c.m[key] = e
	}
}

// Package store keeps duban's ledger in SQLite (the embedded default, pure
// Go) or PostgreSQL, with one set of queries. Every exported method takes the
// caller's principal where what it may see or change depends on who asks,
// runs in one transaction, and appends to the audit chain in that same
// transaction when it writes.
package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib" // also registers the "pgx" driver
	"golang.org/x/sync/singleflight"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"duban/internal/calendar"
	"duban/internal/duban"
)

// Dialect names the database behind a DB.
type Dialect string

// Dialects.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is the ledger store.
type DB struct {
	read              *sql.DB // readers: a pool
	write             *sql.DB // writers: one connection on SQLite, the same pool on PostgreSQL
	dialect           Dialect
	behind            sync.WaitGroup                // checkpointBehind's copy, while it runs
	copying           atomic.Bool                   // checkpointBehind's copy is running
	oneCommand        bool                          // SetOneCommand: closed when the command is done
	walks             hintCache[bool]               // listText's answers
	grams             hintCache[int]                // gramCounts' answers
	gramFreq          hintCache[map[string]float64] // commonTerm's statistics
	dashboards        *figureCache[*Dashboard]      // Dashboard's last answers (16)
	stats             *figureCache[*duban.Stats]    // Stats' last answers (32)
	pastCounts        *figureCache[[]groupCount]    // lightCounts' answers (64)
	measureCounts     *figureCache[int]             // the tree's measure counts (64)
	branchCounts      *figureCache[[]nodeCount]     // the tree's counts of a branch by node (64)
	counting          singleflight.Group            // figures being counted, shared by requests for the same
	dashboardsCounted atomic.Int64                  // battle maps counted (not remembered), for tests
	daysTallied       atomic.Int64                  // battle maps whose figures by day were read from the tallies, for tests
	rowDays           bool                          // count the figures by day from the rows always (tests compare the two)
	cal               atomic.Pointer[calendar.Calendar]
	stmtMu            sync.Mutex
	stmts             map[string]*sql.Stmt // prepared reads, by query text
	// prepared writes on SQLite's one writer connection, by query text, and
	// the queries transactions ran that are to be prepared when it is free
	// (writeStmt)
	wstmts     map[string]*sql.Stmt
	wwanted    map[string]bool
	wpreparing bool
	preparing  sync.WaitGroup // the goroutine preparing them, which Close waits for
	closed     bool
	login      loginGuard // throttling and the password hashers (login.go)
	// what new passwords must meet (password.go), how long sign-ins last (session.go)
	passwords duban.PasswordPolicy
	sessions  duban.SessionPolicy
	// tokens found valid lately (session.go) and small answers for pages
	// (Recent), both forgotten at the end of any write transaction of this
	// process, which wrote counts
	recent    recentCache
	wrote     atomic.Uint64
	authReads atomic.Int64 // tokens read from the database, for tests
	// the audit chain's key (audit_key.go)
	auditKey  []byte
	keyRandom bool
	keyOnce   sync.Once
	writers   atomic.Int64 // write transactions queued or running, for metrics
	// one write transaction at a time from this process on PostgreSQL
	// (updateAt): they are serialised by the audit head's row lock anyway
	writeTurn chan struct{}
	sealBase  atomic.Bool // the assignments from before migration 0027 are sealed
	// a staged import's batches (import_staged.go): how long each writes
	// (importBatch when 0), and a hook tests use to fail or stop one
	importBatch time.Duration
	importHook  func(batch int) error
	// the SQLite file's path, and the lock this process holds on its
	// serving mark while it serves it (serving.go)
	path    string
	serving *os.File
	// Now returns the current time; tests replace it.
	Now func() time.Time
}

// Open connects to dsn: a postgres:// URL selects PostgreSQL, anything else
// is the path of a SQLite file (created with its folder if missing). It
// runs pending migrations before returning.
func Open(ctx context.Context, dsn string) (*DB, error) {
	db, err := connect(dsn)
	if err != nil {
		return nil, err
	}
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := db.loadCalendar(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// connect opens the pools for dsn without touching the schema.
func connect(dsn string) (*DB, error) {
	db := &DB{Now: time.Now, passwords: duban.DefaultPasswordPolicy(), sessions: duban.DefaultSessionPolicy(), writeTurn: make(chan struct{}, 1),
		dashboards: &figureCache[*Dashboard]{max: 16}, stats: &figureCache[*duban.Stats]{max: 32}, pastCounts: &figureCache[[]groupCount]{max: 64}, measureCounts: &figureCache[int]{max: 64},
		branchCounts: &figureCache[[]nodeCount]{max: 64}}
	db.SetLoginPolicy(duban.DefaultLoginPolicy())
	var err error
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		err = db.openPostgres(dsn)
	} else {
		err = db.openSQLite(dsn)
	}
	if err != nil {
		return nil, err
	}
	return db, nil
}

// openPostgres opens two pools on one server: writes, and reads that use
// generic plans. The reads are short index walks whose best plan does not
// depend on the values asked for; planning them afresh on each run (what
// PostgreSQL chose for the assignment list) cost 0.5 ms, as much as running
// them, while the generic plan is the same plan. The reads also run without
// JIT compilation: a generic plan with a per-row check (a list filtered by a
// common text, store/search.go) is costed above jit_above_cost, and compiling
// it took 25–80 ms for a page that runs in 1 ms.
func (db *DB) openPostgres(dsn string) error {
	db.dialect = Postgres
	open := func(params map[string]string) (*sql.DB, error) {
		cfg, err := pgx.ParseConfig(dsn)
		if err != nil {
			return nil, fmt.Errorf("store: open postgres: %w", err)
		}
		for k, v := range params {
			cfg.RuntimeParams[k] = v
		}
		pool := stdlib.OpenDB(*cfg)
		pool.SetMaxOpenConns(16)
		pool.SetMaxIdleConns(16)
		pool.SetConnMaxIdleTime(5 * time.Minute)
		return pool, nil
	}
	var err error
	if db.write, err = open(nil); err != nil {
		return err
	}
	if db.read, err = open(map[string]string{"plan_cache_mode": "force_generic_plan", "jit": "off"}); err != nil {
		db.write.Close()
		return err
	}
	return nil
}

// openSQLite opens two pools on one file: many readers, one writer. WAL lets
// readers run beside the writer; the single writer connection makes
// concurrent writes queue in Go instead of failing with "database is
// locked", and busy_timeout covers other processes (the CLI) on the file.
func (db *DB) openSQLite(path string) error {
	db.dialect, db.path = SQLite, path
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return fmt.Errorf("store: create data folder: %w", err)
		}
	}
	tuneSQLiteMutexes()
	// busy_timeout comes first so that the journal_mode change itself waits.
	pragmas := "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_time_format=sqlite"
	// The writer keeps its temporary data (statement journals, a big
	// write's sorts) in memory; readers spill a big sort or grouping to a
	// temporary file instead, which stays out of the server's resident
	// memory (in memory, the six counts of a national plan's first battle
	// map took 10 MB more beside the Go heap). Readers keep 1 MiB of pages
	// each (the system's file cache holds the rest): with the read pool's
	// connections all kept open, 2 MiB each took the server to 154 MB.
	w, err := sql.Open("sqlite", "file:"+path+"?"+pragmas+"&_pragma=temp_store(MEMORY)&_txlock=immediate")
	if err != nil {
		return fmt.Errorf("store: open sqlite: %w", err)
	}
	w.SetMaxOpenConns(1)
	r, err := sql.Open("sqlite", "file:"+path+"?"+pragmas+"&_pragma=temp_store(FILE)&_pragma=cache_size(-1024)&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return fmt.Errorf("store: open sqlite: %w", err)
	}
	// As many kept idle as may be open: at database/sql's default of two,
	// a burst of reads closed the other connections as they finished and
	// opened them again for the next (pragmas, statements prepared anew):
	// an eighth of the server's CPU under 16 concurrent lists.
	readers := max(4, runtime.NumCPU()*2)
	r.SetMaxOpenConns(readers)
	r.SetMaxIdleConns(readers)
	db.read, db.write = r, w
	return nil
}

// SetOneCommand marks the store as opened for one command of the command
// line, which closes it when done: a page cache widened for a long write is
// then left as it is until the close frees it, instead of being given back
// page by page (64 MiB handed back after a 10,000-row import took 0.15 s of
// madvise calls, up to 0.45 s of the command's time on a loaded machine).
func (db *DB) SetOneCommand() { db.oneCommand = true }

// Leave ends the use of a store of one command in a process that exits
// right after. On SQLite the write-ahead log is copied into the database
// file, which is synced, and emptied, as closing the last connection would
// do; the connections are left open for the exit to end. Closing them hands
// SQLite's page cache back to the system 64 KiB at a time: after a
// 10,000-row import, about 2,000 madvise calls took 0.5–0.7 s of the
// command's time in half the runs. With a server beside, the log is copied
// as far as its readers allow and not emptied (which would hold its writes
// until its readers are done); the server copies the rest, as after any of
// its own writes. PostgreSQL's pools are closed.
func (db *DB) Leave(ctx context.Context) error {
	if db.dialect != SQLite {
		return db.Close()
	}
	db.behind.Wait()
	q := `PRAGMA wal_checkpoint(TRUNCATE)`
	if db.servedElsewhere() {
		q = `PRAGMA wal_checkpoint(PASSIVE)`
	}
	var busy, logged, copied int
	if err := db.write.QueryRowContext(ctx, q).Scan(&busy, &logged, &copied); err != nil {
		return fmt.Errorf("store: checkpoint: %w", err)
	}
	return nil
}

// Close closes the pools.
func (db *DB) Close() error {
	db.behind.Wait()
	db.stmtMu.Lock()
	for _, st := range db.stmts {
		st.Close()
	}
	for _, st := range db.wstmts {
		st.Close()
	}
	db.stmts, db.wstmts, db.closed = nil, nil, true
	db.stmtMu.Unlock()
	// A statement being prepared holds a connection: the last to close
	// checkpoints the log, which must be done before Close returns.
	db.preparing.Wait()
	err := db.write.Close()
	if db.serving != nil {
		err = errors.Join(err, db.serving.Close())
	}
	if db.read != db.write {
		err = errors.Join(err, db.read.Close())
	}
	return err
}

// PoolStats returns the statistics of the read and write pools (one pool
// on PostgreSQL is not shared: each has its own).
func (db *DB) PoolStats() map[string]sql.DBStats {
	return map[string]sql.DBStats{"read": db.read.Stats(), "write": db.write.Stats()}
}

// WritesInFlight returns how many write transactions are queued for the
// writer or running now.
func (db *DB) WritesInFlight() int64 { return db.writers.Load() }

// Dialect returns the database kind.
func (db *DB) Dialect() Dialect { return db.dialect }

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.read.PingContext(ctx) }

// now returns the current time, in UTC and to the microsecond that
// PostgreSQL keeps, so that a value reads back exactly as it was written.
func (db *DB) now() time.Time { return db.Now().UTC().Truncate(time.Microsecond) }

// rebind turns the ? placeholders of a shared query into $n for PostgreSQL.
// Queries never contain a literal '?'.
func (db *DB) rebind(q string) string {
	if db.dialect != Postgres || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// queryer is what reads need: a pool or a transaction.
type queryer interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

// Tx is a write transaction: one time for all it writes, the actor for the
// audit chain. now is the time the write is recorded as of: the clock's, or
// the day a replayed pass stands for; the audit chain keeps the clock's
// (wall), so that it tells when a thing was written.
type Tx struct {
	tx    *sql.Tx
	db    *DB
	now   time.Time
	wall  time.Time
	actor *duban.Principal

	noSeal  bool      // the generator's bulk writes, vouched for by batch hashes instead
	head    chainHead // the audit chain's head as this transaction moves it (audit.go)
	dropped []int64   // assignments deleted, for the seal (assignment_seal.go)
	stmts   map[string]*sql.Stmt
	later   []*laterRows       // rows kept to be written several to a statement (later.go)
	ids     map[string][]int64 // PostgreSQL: ids fetched for kept rows and not yet given (later.go, newID)
	// laterErr is a kept row's failed write, which fails the commit: a
	// statement run after it, on SQLite, would not know of it.
	laterErr error
	// gather: the rows' creations are audited together (audit_batch.go)
	gather   bool
	gathered gathered
	// async: kept rows are written in the background (later_async.go)
	async   bool
	writer  *laterWriter
	next    map[string]int64 // SQLite: the next id to give ahead, by table (later.go, newID)
	fetched map[string]int   // PostgreSQL: how many times ids were fetched, by table (newID)
}

// maxTxStmts bounds the statements one transaction keeps prepared.
const maxTxStmts = 128

// prepared returns q prepared on SQLite, where parsing a statement (and
// compiling the triggers it fires) costs more than running it: a report
// write spent a third of its time parsing, and a large import was spending
// half its time, with every other write waiting, re-parsing the same few
// statements. A statement is prepared once on the writer connection and
// kept (writeStmt); until then, once for the transaction. PostgreSQL's
// driver caches statements on its connections already. Nil when q is not
// worth keeping or failed to prepare (it then runs unprepared and reports
// its error there).
func (t *Tx) prepared(ctx context.Context, q string) *sql.Stmt {
	if t.db.dialect != SQLite || strings.Contains(q, ";") {
		return nil
	}
	if st, ok := t.stmts[q]; ok {
		return st
	}
	if len(t.stmts) >= maxTxStmts {
		return nil
	}
	var st *sql.Stmt
	var err error
	if kept := t.db.writeStmt(q); kept != nil {
		// The writer connection has it: the transaction's copy uses the
		// same prepared statement (database/sql finds it by connection).
		st = t.tx.StmtContext(ctx, kept)
	} else {
		st, err = t.tx.PrepareContext(ctx, q) // closed with the transaction
	}
	if err != nil {
		return nil
	}
	if t.stmts == nil {
		t.stmts = map[string]*sql.Stmt{}
	}
	t.stmts[q] = st
	return st
}

// QueryContext runs a query inside the transaction.
func (t *Tx) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if err := t.flushFor(ctx, q); err != nil {
		return nil, err
	}
	if st := t.prepared(ctx, q); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return t.tx.QueryContext(ctx, t.db.rebind(q), args...)
}

// QueryRowContext runs a one-row query inside the transaction.
func (t *Tx) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	t.flushFor(ctx, q) // an error is kept in laterErr and fails the commit
	if st := t.prepared(ctx, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return t.tx.QueryRowContext(ctx, t.db.rebind(q), args...)
}

func (t *Tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if err := t.flushFor(ctx, q); err != nil {
		return nil, err
	}
	return t.execNow(ctx, q, args...)
}

// flushFor writes the kept rows of the tables q names before q runs, and
// waits for those being written in the background (later_async.go).
func (t *Tx) flushFor(ctx context.Context, q string) error {
	if len(t.next) > 0 {
		t.forgetIDs(q)
	}
	if len(t.later) > 0 {
		if err := t.flushLater(ctx, q); err != nil && t.laterErr == nil {
			t.laterErr = err
		}
	}
	if t.writer != nil {
		if err := t.settle(); err != nil && t.laterErr == nil {
			t.laterErr = err
		}
	}
	return t.laterErr
}

// execNow runs q at once.
func (t *Tx) execNow(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if st := t.prepared(ctx, q); st != nil {
		res, err := st.ExecContext(ctx, args...)
		return res, formatError(err)
	}
	res, err := t.tx.ExecContext(ctx, t.db.rebind(q), args...)
	return res, formatError(err)
}

// insert runs an INSERT … RETURNING id and returns the id.
func (t *Tx) insert(ctx context.Context, q string, args ...any) (int64, error) {
	var id int64
	err := t.QueryRowContext(ctx, q+" RETURNING id", args...).Scan(&id)
	return id, formatError(err)
}

// update runs a versioned UPDATE (its last two arguments are id and the
// expected version, or 0 for any) and tells a stale version from a missing row.
func (t *Tx) update(ctx context.Context, what, q string, args ...any) error {
	res, err := t.exec(ctx, q, args...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return duban.Errorf(duban.Stale, "该%s已被他人修改，请刷新后重试", what)
	}
	return nil
}

// reader returns the pool that reads.
func (db *DB) reader() queryer { return readQueryer{db} }

type readQueryer struct{ db *DB }

func (r readQueryer) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if st := r.db.stmt(ctx, q); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return r.db.read.QueryContext(ctx, r.db.rebind(q), args...)
}

func (r readQueryer) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	if st := r.db.stmt(ctx, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return r.db.read.QueryRowContext(ctx, r.db.rebind(q), args...)
}

// maxStmts bounds the cache of prepared reads.
const maxStmts = 512

// stmt returns a prepared statement for a read, preparing it on first use,
// so that the hot list and lookup queries are parsed once rather than on
// every request. It returns nil when the cache is full or preparing fails,
// and the caller then runs the query unprepared.
func (db *DB) stmt(ctx context.Context, q string) *sql.Stmt {
	db.stmtMu.Lock()
	st, ok := db.stmts[q]
	full := len(db.stmts) >= maxStmts
	db.stmtMu.Unlock()
	if ok || full {
		return st
	}
	// Prepare without the lock, so that a first prepare (a round trip on
	// PostgreSQL) does not hold up every other read.
	st, err := db.read.PrepareContext(ctx, db.rebind(q))
	if err != nil {
		return nil
	}
	db.stmtMu.Lock()
	defer db.stmtMu.Unlock()
	if prev, ok := db.stmts[q]; ok { // another read prepared it meanwhile
		st.Close()
		return prev
	}
	if db.stmts == nil {
		db.stmts = map[string]*sql.Stmt{}
	}
	db.stmts[q] = st
	return st
}

// writeStmt returns q as prepared on the writer connection, or nil when it
// is not yet; then it is noted, to be prepared once the connection is free
// (prepareWrites). Preparing it here would wait for the connection that the
// asking transaction holds.
func (db *DB) writeStmt(q string) *sql.Stmt {
	db.stmtMu.Lock()
	defer db.stmtMu.Unlock()
	if st, ok := db.wstmts[q]; ok {
		return st
	}
	if !db.closed && len(db.wstmts)+len(db.wwanted) < maxStmts {
		if db.wwanted == nil {
			db.wwanted = map[string]bool{}
		}
		db.wwanted[q] = true
	}
	return nil
}

// prepareWrites prepares, in the background, the writes that transactions
// ran unprepared; one goroutine at a time.
func (db *DB) prepareWrites() {
	db.stmtMu.Lock()
	if db.wpreparing || len(db.wwanted) == 0 || db.closed {
		db.stmtMu.Unlock()
		return
	}
	db.wpreparing = true
	db.preparing.Add(1)
	db.stmtMu.Unlock()
	go func() {
		defer db.preparing.Done()
		for {
			db.stmtMu.Lock()
			var q string
			for q = range db.wwanted {
				break
			}
			if q == "" || db.closed {
				db.wpreparing = false
				db.stmtMu.Unlock()
				return
			}
			delete(db.wwanted, q)
			db.stmtMu.Unlock()
			st, err := db.write.PrepareContext(context.Background(), q)
			if err != nil {
				continue // it runs unprepared, and reports its error there
			}
			db.stmtMu.Lock()
			if db.closed {
				st.Close()
			} else {
				if db.wstmts == nil {
					db.wstmts = map[string]*sql.Stmt{}
				}
				db.wstmts[q] = st
			}
			db.stmtMu.Unlock()
		}
	}()
}

// update runs fn in a write transaction and commits it if fn succeeds.
func (db *DB) update(ctx context.Context, actor *duban.Principal, fn func(tx *Tx) error) error {
	return db.updateAt(ctx, actor, time.Time{}, fn)
}

// updateAt is update with the records stamped at a given time (the clock's
// when zero): a background pass run as of another day records what it does
// as of that day.
func (db *DB) updateAt(ctx context.Context, actor *duban.Principal, at time.Time, fn func(tx *Tx) error) error {
	db.writers.Add(1)
	defer db.writers.Add(-1)
	if db.dialect == Postgres {
		// Every write takes the audit head's row lock first, so they run one
		// at a time whatever happens here. Queuing them in the process
		// instead of in the database saves PostgreSQL from waking every
		// waiting backend at each commit (32 report writers on 2 cores:
		// 341 → 445 writes/s). Other instances still queue on the row lock.
		select {
		case db.writeTurn <- struct{}{}:
		case <-ctx.Done():
			return fmt.Errorf("store: begin: %w", ctx.Err())
		}
		defer func() { <-db.writeTurn }()
	}
	sqlTx, err := db.begin(ctx)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	tx := &Tx{tx: sqlTx, db: db, now: db.now(), actor: actor}
	tx.wall = tx.now
	if !at.IsZero() {
		tx.now = at.UTC().Truncate(time.Microsecond)
	}
	// The history of assignments (migration 0021) dates what the
	// transaction writes by its time, which the triggers read from the
	// database.
	if db.dialect == Postgres {
		// Take the audit chain's head first. Every write appends to the
		// chain, so writes are serialised by this lock anyway; taking it
		// before anything else gives all of them one lock order, so that a
		// write which updates shared rows (the light tallies) before its
		// first audit event cannot deadlock with one that does so after.
		var clock string
		err = sqlTx.QueryRowContext(ctx, `SELECT seq, hash, keyed_from, set_config('duban.now', $1, true) FROM audit_head WHERE id = 1 FOR UPDATE`,
			tx.now.Format(time.RFC3339Nano)).Scan(&tx.head.seq, &tx.head.hash, &tx.head.keyedFrom, &clock)
		tx.head.loaded = err == nil
	} else {
		_, err = tx.exec(ctx, `UPDATE write_clock SET at = ? WHERE id = 1`, tx.now)
	}
	if err != nil {
		sqlTx.Rollback()
		return fmt.Errorf("store: begin: %w", err)
	}
	// Rolled back however fn ends, a panic included, so that the writer
	// connection is never left inside a transaction (a no-op once committed).
	// Then, committed or not, what Authenticate and Recent remember is
	// forgotten: the write may have ended a session or changed a name.
	defer db.wrote.Add(1)
	defer sqlTx.Rollback()
	defer tx.stopWriter() // before the rollback: the writer uses the transaction
	err = fn(tx)
	if werr := tx.stopWriter(); err == nil && werr != nil {
		err = werr
	}
	if err != nil {
		sqlTx.Rollback()
		return err
	}
	if err := tx.auditGathered(ctx); err != nil {
		sqlTx.Rollback()
		return err
	}
	if err := tx.sealAssignments(ctx); err != nil {
		sqlTx.Rollback()
		return err
	}
	if err := tx.flushFor(ctx, ""); err != nil {
		sqlTx.Rollback()
		return err
	}
	if err := tx.saveHead(ctx); err != nil {
		sqlTx.Rollback()
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", formatError(err))
	}
	if !tx.noSeal {
		db.sealDone()
	}
	if db.dialect == SQLite {
		db.prepareWrites()
	}
	return nil
}

// busyWait is how long a write waits for another process (a CLI import on
// the same SQLite file) to release the database before it gives up.
const busyWait = 5 * time.Minute

// begin starts a write transaction. On SQLite, BEGIN IMMEDIATE waits
// busy_timeout for another process's write to end; a large import from the
// command line can hold the file longer than that, so the write keeps
// waiting (while its caller does) instead of failing with SQLITE_BUSY.
func (db *DB) begin(ctx context.Context) (*sql.Tx, error) {
	deadline := time.Now().Add(busyWait)
	for {
		tx, err := db.write.BeginTx(ctx, nil)
		var se *sqlite.Error
		if err == nil || !errors.As(err, &se) || se.Code()&0xff != sqlite3.SQLITE_BUSY || time.Now().After(deadline) || ctx.Err() != nil {
			return tx, err
		}
	}
}

// formatError maps driver constraint errors, by code, to domain errors.
func formatError(err error) error {
	if err == nil {
		return nil
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return duban.Errorf(duban.Conflict, "记录已存在，不能重复创建")
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return duban.Errorf(duban.Invalid, "引用的记录不存在")
		}
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23505":
			return duban.Errorf(duban.Conflict, "记录已存在，不能重复创建")
		case "23503":
			return duban.Errorf(duban.Invalid, "引用的记录不存在")
		case "22021", "22P05": // a NUL or an invalid byte in text
			return duban.Errorf(duban.Invalid, "提交的文字含有不允许的字符")
		}
	}
	return err
}

// notFound converts sql.ErrNoRows into a NotFound error about what.
func notFound(err error, what string, id int64) error {
	if errors.Is(err, sql.ErrNoRows) {
		return duban.Errorf(duban.NotFound, "%s（编号%d）不存在", what, id)
	}
	if err != nil {
		return fmt.Errorf("store: find %s %d: %w", what, id, err)
	}
	return nil
}

// likePattern escapes s for a LIKE … ESCAPE '\' pattern that matches s anywhere.
func likePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(strings.TrimSpace(s)) + "%"
}

// idCursor reads a cursor that holds the last id of the previous page.
func idCursor(c string) (int64, error) {
	if c == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(c, 10, 64)
	if err != nil || id < 0 {
		return 0, &duban.Error{Code: duban.Invalid, Message: "分页游标无效", Fields: map[string]string{"cursor": "无效"}}
	}
	return id, nil
}

// where collects the conditions and arguments of a dynamic filter.
type where struct {
	conds []string
	args  []any
	desc  bool   // an assignment list's order runs backwards (AssignmentFilter.Latest)
	by    string // an assignment list's first sort column (AssignmentFilter.By), or ""
	// statusIn places an assignment list's "a.status IN (…)": its
	// condition and first argument, and how many it has (0: none), which
	// the arms of a list read by status leave out (armsQuery).
	statusIn struct{ cond, arg, n int }
}

func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

func jsonUnmarshal(s string, v any) error {
	if err := json.Unmarshal([]byte(s), v); err != nil {
		return fmt.Errorf("store: decode %T: %w", v, err)
	}
	return nil
}

//go:build linux

package store

import (
	"sync"
	"unsafe"

	"modernc.org/libc"
	sqlite3 "modernc.org/sqlite/lib"
)

// The SQLite driver opens every connection in SQLite's serialized mode
// (SQLITE_OPEN_FULLMUTEX, fixed in the driver): each call on a connection
// takes and gives back the connection's own recursive mutex, a dozen times
// for a row (a column's type, text and length each). database/sql already
// hands a connection to one goroutine at a time, which is what SQLite's
// multi-thread mode asks, so those mutexes guard nothing here; in a list
// request on a national plan they were a quarter of the server's CPU.
//
// So before SQLite starts, the store gives it mutex methods of its own
// (SQLITE_CONFIG_MUTEX, the same hook the driver itself uses on other
// systems): the recursive mutexes, which SQLite makes only for a
// connection (and for its own initialisation, done here at once, on one
// goroutine), are no-ops, as in multi-thread mode; every other mutex (the
// static ones guarding SQLite's process-wide state, page caches and the
// like) is a real one. A sqlite3_interrupt from another goroutine is an
// atomic store and takes no mutex.

// sqliteMutexes are the mutexes handed to SQLite: the static ones at their
// own id, dynamic fast ones after them. A handle is its index + 1.
var sqliteMutexes struct {
	sync.Mutex // guards free and next
	locks      [sqliteMaxMutexes]sync.Mutex
	free       []uintptr
	next       uintptr
}

const (
	sqliteMaxMutexes = 4096
	// sqliteRecursive is the one handle of every recursive mutex: a
	// connection's, which guards nothing database/sql does not.
	sqliteRecursive = sqliteMaxMutexes + 1
	sqliteFirstFast = sqlite3.SQLITE_MUTEX_STATIC_VFS3 + 1
)

func sqliteMutexAlloc(_ *libc.TLS, kind int32) uintptr {
	switch {
	case kind == sqlite3.SQLITE_MUTEX_RECURSIVE:
		return sqliteRecursive
	case kind > sqlite3.SQLITE_MUTEX_RECURSIVE && kind <= sqlite3.SQLITE_MUTEX_STATIC_VFS3:
		return uintptr(kind) + 1 // static: the same each time
	case kind != sqlite3.SQLITE_MUTEX_FAST:
		return 0 // a kind this SQLite does not have
	}
	m := &sqliteMutexes
	m.Lock()
	defer m.Unlock()
	if n := len(m.free); n > 0 {
		h := m.free[n-1]
		m.free = m.free[:n-1]
		return h
	}
	if m.next < sqliteFirstFast {
		m.next = sqliteFirstFast
	}
	if m.next >= sqliteMaxMutexes {
		return 0 // SQLite takes it as out of memory
	}
	m.next++
	return m.next // the handle of index next-1
}

func sqliteMutexFree(_ *libc.TLS, h uintptr) {
	if h <= sqliteFirstFast || h > sqliteMaxMutexes {
		return // static, recursive or none
	}
	m := &sqliteMutexes
	m.Lock()
	m.free = append(m.free, h)
	m.Unlock()
}

func sqliteMutexEnter(_ *libc.TLS, h uintptr) {
	if h != 0 && h <= sqliteMaxMutexes {
		sqliteMutexes.locks[h-1].Lock()
	}
}

func sqliteMutexTry(_ *libc.TLS, h uintptr) int32 {
	if h != 0 && h <= sqliteMaxMutexes && !sqliteMutexes.locks[h-1].TryLock() {
		return sqlite3.SQLITE_BUSY
	}
	return sqlite3.SQLITE_OK
}

func sqliteMutexLeave(_ *libc.TLS, h uintptr) {
	if h != 0 && h <= sqliteMaxMutexes {
		sqliteMutexes.locks[h-1].Unlock()
	}
}

// sqliteMutexHeld answers SQLite's debug assertions, which this build does
// not make: yes, as SQLite asks of methods that cannot tell.
func sqliteMutexHeld(_ *libc.TLS, _ uintptr) int32 { return 1 }

func sqliteMutexNone(_ *libc.TLS) int32 { return sqlite3.SQLITE_OK }

// cFunc is f as the translated C code holds a function pointer: the word
// of a Go func value (a pointer to its code, which does not move).
func cFunc[F any](f F) uintptr { return *(*uintptr)(unsafe.Pointer(&struct{ f F }{f})) }

// useConnectionMutexOnce installs the mutex methods and starts SQLite,
// once, before the first connection. When SQLite has already started (a
// connection opened by other code in this process first) it changes
// nothing: the connections keep their serialized mode.
var useConnectionMutexOnce sync.Once

// sqliteMutexMethods lives in the package's data, where its address holds
// while SQLite copies it.
var sqliteMutexMethods sqlite3.Tsqlite3_mutex_methods

func tuneSQLiteMutexes() {
	useConnectionMutexOnce.Do(func() {
		tls := libc.NewTLS()
		defer tls.Close()
		sqliteMutexMethods = sqlite3.Tsqlite3_mutex_methods{
			FxMutexInit:    cFunc(sqliteMutexNone),
			FxMutexEnd:     cFunc(sqliteMutexNone),
			FxMutexAlloc:   cFunc(sqliteMutexAlloc),
			FxMutexFree:    cFunc(sqliteMutexFree),
			FxMutexEnter:   cFunc(sqliteMutexEnter),
			FxMutexTry:     cFunc(sqliteMutexTry),
			FxMutexLeave:   cFunc(sqliteMutexLeave),
			FxMutexHeld:    cFunc(sqliteMutexHeld),
			FxMutexNotheld: cFunc(sqliteMutexHeld),
		}
		args := libc.Xmalloc(tls, 8)
		if args == 0 {
			return
		}
		defer libc.Xfree(tls, args)
		// SQLite copies the methods; a refusal (it has started) leaves its own.
		if sqlite3.Xsqlite3_config(tls, sqlite3.SQLITE_CONFIG_MUTEX, libc.VaList(args, uintptr(unsafe.Pointer(&sqliteMutexMethods)))) == sqlite3.SQLITE_OK {
			sqlite3.Xsqlite3_initialize(tls)
		}
	})
}

//go:build !linux

package store

// tuneSQLiteMutexes leaves SQLite as the driver sets it up: on systems
// other than Linux the driver installs mutex methods of its own.
func tuneSQLiteMutexes() {}

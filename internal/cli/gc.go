package cli

import (
	"math"
	"os"
	"runtime/debug"
)

// loadGC tunes the garbage collector for a command that loads a file or a
// generated plan into the store and exits. Such a command allocates fast
// and keeps little: a 10,000-row ledger import allocates about 1 GB while
// its live heap stays at 11–19 MB, so the default target (twice the live
// heap) ran some fifty collections, a tenth of the command's CPU on a
// two-core machine where reading, building and writing rows already keep
// both cores busy. A target of five times the live heap, bounded by a soft
// limit of 512 MiB, collects a quarter as often. GOGC and GOMEMLIMIT, when
// set, are left as they are.
func loadGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" && debug.SetMemoryLimit(-1) == math.MaxInt64 {
		debug.SetMemoryLimit(512 << 20)
	}
}

package cli

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

// Stamped at release build time with
// -ldflags "-X duban/internal/cli.version=… -X duban/internal/cli.commit=… -X duban/internal/cli.date=…";
// a plain go build leaves them empty and buildInfo falls back on what the Go
// toolchain recorded (module version, VCS revision and time).
var version, commit, date string

// BuildInfo names the build of this binary.
type BuildInfo struct {
	Version, Commit, Date string
}

// buildInfo returns the stamped values, filling gaps from debug.ReadBuildInfo.
func buildInfo() BuildInfo {
	b := BuildInfo{Version: version, Commit: commit, Date: date}
	if info, ok := debug.ReadBuildInfo(); ok {
		if b.Version == "" && info.Main.Version != "" && info.Main.Version != "(devel)" {
			b.Version = info.Main.Version
		}
		for _, s := range info.Settings {
			switch {
			case s.Key == "vcs.revision" && b.Commit == "":
				b.Commit = s.Value
			case s.Key == "vcs.time" && b.Date == "":
				b.Date = s.Value
			case s.Key == "vcs.modified" && s.Value == "true" && b.Commit != "" && commit == "":
				b.Commit += "-dirty"
			}
		}
	}
	if b.Version == "" {
		b.Version = "dev"
	}
	if b.Commit == "" {
		b.Commit = "unknown"
	}
	if b.Date == "" {
		b.Date = "unknown"
	}
	return b
}

// runVersion prints the version, commit and build date.
func runVersion(stdout io.Writer) error {
	b := buildInfo()
	fmt.Fprintf(stdout, "duban %s\ncommit %s\nbuilt %s\n%s %s/%s\n", b.Version, b.Commit, b.Date, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return nil
}

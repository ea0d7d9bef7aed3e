package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"duban/internal/loadtest"
)

// runLoadtest runs "duban loadtest": the load harness on a generated plan,
// on loopback only (see package loadtest).
func runLoadtest(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	o := loadtest.Options{}
	fs.IntVar(&o.Tasks, "tasks", 100000, "生成的整改任务数")
	fs.StringVar(&o.DSN, "db", "", "空的 PostgreSQL 库（postgres:// URL）；默认在临时目录中用 SQLite")
	fs.DurationVar(&o.Duration, "duration", 3*time.Second, "每种请求、每个并发度的最长时间")
	fs.IntVar(&o.MaxRequests, "requests", 20000, "每种请求、每个并发度的最多请求数")
	levels := fs.String("c", "1,16", "并发度，逗号分隔")
	fs.StringVar(&o.ServerLog, "server-log", "", "把被测 duban 的标准错误写入此文件（例如配合 GODEBUG=gctrace=1）")
	if err := fs.Parse(args); err != nil {
		return err
	}
	for _, s := range strings.Split(*levels, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 || n > 256 {
			return fmt.Errorf("并发度 %q 无效", s)
		}
		o.Levels = append(o.Levels, n)
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	o.Exe = exe
	if o.Dir, err = os.MkdirTemp("", "duban-loadtest-"); err != nil {
		return err
	}
	defer os.RemoveAll(o.Dir)
	return loadtest.Run(ctx, o, stdout)
}

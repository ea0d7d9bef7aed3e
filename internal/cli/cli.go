// Package cli holds duban's subcommands: serve, user add, audit verify,
// migrate. Each parses its own flags and wires what it needs explicitly.
package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"duban/internal/config"
	"duban/internal/store"
)

// exitKey marks a context whose process exits when Run returns.
type exitKey struct{}

// Exiting tells Run that the process exits when it returns (the duban
// command, not a test): a one-shot command then leaves its store open for
// the exit to end (store.Leave) instead of closing it.
func Exiting(ctx context.Context) context.Context { return context.WithValue(ctx, exitKey{}, true) }

// finish ends a one-shot command's use of db: Leave when the process exits
// next, Close otherwise.
func finish(ctx context.Context, db *store.DB) error {
	if exiting, _ := ctx.Value(exitKey{}).(bool); exiting {
		return db.Leave(ctx)
	}
	return db.Close()
}

// Run runs the subcommand named by args[0] and returns the exit code.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	args = hoistGlobalFlags(args)
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	var err error
	switch args[0] {
	case "serve":
		err = runServe(ctx, args[1:], stdout, stderr)
	case "user":
		err = runUser(ctx, args[1:], stdout)
	case "audit":
		err = runAudit(ctx, args[1:], stdout)
	case "migrate":
		err = runMigrate(ctx, args[1:], stdout)
	case "import":
		err = runImport(ctx, args[1:], stdout)
	case "export":
		err = runExport(ctx, args[1:], stdout)
	case "report":
		err = runReport(ctx, args[1:], stdout)
	case "workdays":
		err = runWorkdays(ctx, args[1:], stdout)
	case "jobs":
		err = runJobs(ctx, args[1:], stdout)
	case "gen":
		err = runGen(ctx, args[1:], stdout)
	case "version", "--version":
		err = runVersion(stdout)
	case "backup":
		err = runBackup(ctx, args[1:], stdout)
	case "restore":
		err = runRestore(ctx, args[1:], stdout)
	case "loadtest":
		err = runLoadtest(ctx, args[1:], stdout)
	case "help", "-h", "--help":
		usage(stdout)
		return 0
	default:
		fmt.Fprintf(stderr, "duban: 未知命令 %q\n", args[0])
		usage(stderr)
		return 2
	}
	if err != nil {
		// A duban.Error reaches the user as its message (Chinese), not
		// as "duban: invalid: …", whichever command let it through.
		fmt.Fprintf(stderr, "duban: %v\n", describe(err))
		return 1
	}
	return 0
}

// hoistGlobalFlags moves --data and --db written before the subcommand
// (duban --data X workdays …) to the end of its arguments, where every
// subcommand reads them.
func hoistGlobalFlags(args []string) []string {
	var global []string
	i := 0
	for ; i < len(args) && strings.HasPrefix(args[i], "-"); i++ {
		a := args[i]
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if name != "data" && name != "db" {
			break
		}
		global = append(global, a)
		if !hasValue && i+1 < len(args) {
			global = append(global, args[i+1])
			i++
		}
	}
	if len(global) == 0 {
		return args
	}
	return append(append([]string{}, args[i:]...), global...)
}

func usage(w io.Writer) {
	fmt.Fprint(w, `duban — 巡视整改与督查督办台账

用法:
  duban serve [--addr 127.0.0.1:8080] [--data ./duban-data] [--db URL] [--demo]
  duban user add --username NAME --password PASS --role ROLE [--unit UNIT] [--name 姓名]
  duban audit anchor              （打印审计链的链尾“序号:哈希”，请存到本机之外）
  duban audit verify [--anchor 序号:哈希|文件]
  duban migrate [--dry-run]      （--dry-run 只列出将执行的迁移）
  duban version                  （版本、提交与构建时间）
  duban backup --out FILE.tar.gz （服务运行时在线备份 SQLite 数据库、佐证文件和数据目录中的审计密钥）
  duban restore FILE.tar.gz --data DIR （恢复到空的数据目录，核对校验和、行数与审计链）
  duban import ledger FILE.xlsx [--dry-run] [--json] [--plan ID] [--owner 单位]
  duban import notice FILE.txt|FILE.docx [--dry-run] [--json] [--plan ID]
  duban export ledger --plan ID [--unit 单位] [--asof 日期] [-o FILE.xlsx]
  duban import indicators FILE.xlsx [--dry-run] [--json]   （监测指标数据：宽表或长表）
  duban export indicators --indicator 代码 [--years 2024,2025] [-o FILE.xlsx]
  duban report notice --plan ID --format docx|html|md [--asof 日期] [--contact 联系方式] [--unfinished state|omit] [--by-aspect] [-o FILE]
  duban workdays add DATE N        （DATE 之后第 N 个工作日）
  duban workdays between A B      （A < d ≤ B 的工作日数）
  duban jobs run [--at DATE]      （按某天执行一次督办阶梯、回头看提醒、每日汇总和消息发送）
  duban gen --tasks N [--units U] [--seed S] [--today 日期]  （向空数据库生成一个大型方案，用于试用与压力测试）
  duban loadtest [--tasks N] [--db URL] [--duration 3s] [--requests N] [--c 1,16]  （压力测试：生成方案、启动服务、与裸 SQL 服务对比）
  duban report supervision --assignment ID --number 督办〔2021〕3号 [--reply-due 日期] [--asof 成文日期] [-o FILE.docx]

--data 与 --db 对所有命令都有效（写在命令前后均可）；也可用环境变量 DUBAN_ADDR、DUBAN_DATA、DUBAN_DB。
角色 ROLE: admin（系统管理员）、secadmin（安全管理员）、auditor（审计管理员）、lead（整改办）、liaison（联络员）、
  leader（领导）、inspector（巡视办）、expert（评审专家）；lead、liaison、leader 须以 --unit 指定已有单位
  （单位由系统管理员在网页“单位管理”页新建）。
`)
}

// dbFlags adds --data and --db to fs, defaulting from the environment.
func dbFlags(fs *flag.FlagSet) *config.Config {
	c := config.Load(os.Getenv)
	fs.StringVar(&c.Data, "data", c.Data, "数据目录 (DUBAN_DATA)")
	fs.StringVar(&c.DB, "db", c.DB, "数据库：postgres:// URL 或 SQLite 文件路径；默认为数据目录下的 duban.db (DUBAN_DB)")
	return &c
}

// openStore opens the store with its audit key (the key file is created
// on first start).
func openStore(ctx context.Context, c *config.Config) (*store.DB, error) {
	return openKeyed(ctx, c, true)
}

func openPlain(ctx context.Context, c *config.Config) (*store.DB, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return store.Open(ctx, c.DSN())
}

func runMigrate(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	c := dbFlags(fs)
	dry := fs.Bool("dry-run", false, "只列出将要执行的迁移，不执行")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dry {
		if err := c.Validate(); err != nil {
			return err
		}
		pending, err := store.Pending(ctx, c.DSN())
		if err != nil {
			return err
		}
		if len(pending) == 0 {
			fmt.Fprintln(stdout, "数据库已是最新版本，没有要执行的迁移")
			return nil
		}
		fmt.Fprintf(stdout, "将执行 %d 个迁移：\n", len(pending))
		for _, m := range pending {
			fmt.Fprintf(stdout, "  %04d  %s\n", m.Version, m.Name)
		}
		return nil
	}
	db, err := openStore(ctx, c)
	if err != nil {
		return err
	}
	defer db.Close()
	fmt.Fprintln(stdout, "数据库已迁移到最新版本")
	return nil
}

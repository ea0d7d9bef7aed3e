package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"time"

	"duban/internal/calendar"
	"duban/internal/duban"
	"duban/internal/jobs"
)

// runWorkdays runs "duban workdays add DATE N" and "duban workdays between A B".
// It uses the database's calendar (with an administrator's edits) when the
// data folder holds one, and the published arrangements otherwise.
func runWorkdays(ctx context.Context, args []string, stdout io.Writer) error {
	usage := errors.New("用法：duban workdays add DATE N | duban workdays between A B")
	if len(args) == 0 {
		return usage
	}
	fs := flag.NewFlagSet("workdays", flag.ContinueOnError)
	c := dbFlags(fs)
	if err := fs.Parse(reorder(args[1:])); err != nil {
		return err
	}
	if fs.NArg() != 2 {
		return usage
	}
	cal := calendar.Default()
	if dbExists(opener{c}) {
		db, err := openStore(ctx, c)
		if err != nil {
			return err
		}
		defer db.Close()
		cal = db.Calendar()
	}
	a, err := duban.ParseDate(fs.Arg(0))
	if err != nil {
		return err
	}
	if err := cal.Missing(a); err != nil {
		fmt.Fprintln(os.Stderr, "注意：", duban.ErrorMessage(err))
	}
	switch args[0] {
	case "add":
		n, err := strconv.Atoi(fs.Arg(1))
		if err != nil {
			return fmt.Errorf("N 应为整数：%q", fs.Arg(1))
		}
		fmt.Fprintln(stdout, cal.AddWorkdays(a, n))
	case "between":
		b, err := duban.ParseDate(fs.Arg(1))
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, cal.Between(a, b))
	default:
		return usage
	}
	return nil
}

// runJobs runs "duban jobs run [--at DATE]": one background pass.
func runJobs(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "run" {
		return errors.New("用法：duban jobs run [--at DATE]")
	}
	fs := flag.NewFlagSet("jobs run", flag.ContinueOnError)
	c := dbFlags(fs)
	at := fs.String("at", "", "按这一天 9 时执行（默认现在）")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	now := time.Now()
	if *at != "" {
		d, err := duban.ParseDate(*at)
		if err != nil {
			return err
		}
		now = time.Date(d.Time().Year(), d.Time().Month(), d.Time().Day(), 9, 0, 0, 0, duban.ChinaTime)
	}
	db, err := openStore(ctx, c)
	if err != nil {
		return err
	}
	defer db.Close()
	smtp, err := jobs.SMTPFromEnv(os.Getenv)
	if err != nil {
		return err
	}
	r := &jobs.Runner{DB: db, Now: func() time.Time { return now }, Instance: "cli", SMTP: smtp, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	rep, err := r.Pass(ctx)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(rep)
}

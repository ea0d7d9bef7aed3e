// Command duban runs the rectification ledger server and its admin commands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"duban/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(cli.Exiting(ctx), os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

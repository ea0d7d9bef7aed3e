package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"duban/internal/duban"
	"duban/internal/store"
)

// runUser runs "duban user add".
func runUser(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "add" {
		return errors.New("用法：duban user add --username NAME --password PASS --role ROLE [--unit UNIT]")
	}
	fs := flag.NewFlagSet("user add", flag.ContinueOnError)
	c := dbFlags(fs)
	username := fs.String("username", "", "用户名")
	password := fs.String("password", "", "密码（至少8位）")
	role := fs.String("role", "", "角色：admin、lead、liaison、leader、inspector")
	unit := fs.String("unit", "", "所属单位的简称或全称")
	name := fs.String("name", "", "姓名（显示名）")
	email := fs.String("email", "", "电子邮件")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	db, err := openStore(ctx, c)
	if err != nil {
		return err
	}
	defer db.Close()
	u := &duban.User{Username: *username, DisplayName: *name, Role: duban.Role(*role), Email: *email}
	if *unit != "" {
		x, err := db.FindUnitByName(ctx, *unit)
		if err != nil {
			return err
		}
		u.UnitID = &x.ID
	}
	if err := db.CreateUser(ctx, duban.System, u, *password); err != nil {
		return describe(err)
	}
	fmt.Fprintf(stdout, "已创建用户 %s（%s），编号 %d\n", u.Username, duban.RoleNames[u.Role], u.ID)
	return nil
}

// runAudit runs "duban audit verify".
func runAudit(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "verify" {
		return errors.New("用法：duban audit verify [--data DIR] [--db URL]")
	}
	fs := flag.NewFlagSet("audit verify", flag.ContinueOnError)
	c := dbFlags(fs)
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	db, err := openStore(ctx, c)
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := db.VerifyAudit(ctx)
	var bad *store.AuditProblem
	if errors.As(err, &bad) {
		return fmt.Errorf("%v（此前 %d 条记录完好）", bad, n)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "审计链完好：共 %d 条记录，SM3 哈希逐条相符。\n", n)
	return nil
}

// describe spells out a domain error with its fields for the terminal.
func describe(err error) error {
	var e *duban.Error
	if !errors.As(err, &e) {
		return err
	}
	msg := e.Message
	for f, m := range e.Fields {
		msg += fmt.Sprintf("；%s：%s", f, m)
	}
	return errors.New(msg)
}

package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

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
	password := fs.String("password", "", "密码（至少8位，含大写字母、小写字母、数字、其他符号中的至少三类，不含用户名）")
	temporary := fs.Bool("temporary", true, "首次登录须修改此密码（为他人建账号时）；自己使用的账号可设 --temporary=false")
	role := fs.String("role", "", "角色：admin、secadmin、auditor、lead、liaison、leader、inspector、expert（lead、liaison、leader 须指定 --unit）")
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
	if err := c.Security.Passwords.Check(*password, *username); err != nil {
		return describe(err)
	}
	u := &duban.User{Username: *username, DisplayName: *name, Role: duban.Role(*role), Email: *email, MustChangePassword: *temporary}
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

// runAudit runs "duban audit verify" and "duban audit anchor".
func runAudit(ctx context.Context, args []string, stdout io.Writer) error {
	usage := errors.New("用法：duban audit verify [--anchor 序号:哈希|文件] [--data DIR] [--db URL]；duban audit anchor [--data DIR] [--db URL]")
	if len(args) == 0 || (args[0] != "verify" && args[0] != "anchor") {
		return usage
	}
	fs := flag.NewFlagSet("audit "+args[0], flag.ContinueOnError)
	c := dbFlags(fs)
	anchorArg := fs.String("anchor", "", "链外保存的锚点（duban audit anchor 的输出），或存有它的文件")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	db, err := openKeyed(ctx, c, false)
	if err != nil {
		return describe(err)
	}
	defer db.Close()
	if args[0] == "anchor" {
		a, err := db.Anchor(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, a)
		return nil
	}
	var anchor *store.AuditAnchor
	if *anchorArg != "" {
		a, err := readAnchor(*anchorArg)
		if err != nil {
			return describe(err)
		}
		anchor = &a
	}
	return verifyAudit(ctx, db, anchor, stdout)
}

func readAnchor(arg string) (store.AuditAnchor, error) {
	if b, err := os.ReadFile(arg); err == nil {
		arg = string(b)
	}
	return store.ParseAnchor(arg)
}

// verifyAudit checks the chain (and the anchor) and then the business rows
// against their last audited state.
func verifyAudit(ctx context.Context, db *store.DB, anchor *store.AuditAnchor, stdout io.Writer) error {
	n, err := db.VerifyAuditAgainst(ctx, anchor)
	var bad *store.AuditProblem
	if errors.As(err, &bad) {
		return fmt.Errorf("%v（此前 %d 条记录完好）", bad, n)
	}
	if err != nil {
		return describe(err)
	}
	drifts, err := db.CheckRows(ctx)
	if err != nil {
		return err
	}
	if len(drifts) > 0 {
		lines := make([]string, len(drifts))
		for i, d := range drifts {
			lines[i] = "  " + d.String()
		}
		return fmt.Errorf("审计链本身完好（%d 条记录），但有 %d 处业务数据与最后的审计记录不符：\n%s", n, len(drifts), strings.Join(lines, "\n"))
	}
	if pending, err := db.AssignmentsPending(ctx); err != nil {
		return err
	} else if pending {
		fmt.Fprintln(stdout, "注意：升级前已有的分办事项尚未封存（服务启动后的第一次写入会封存），本次未能比对分办事项。")
	}
	if anchor != nil {
		fmt.Fprintf(stdout, "审计链完好：共 %d 条记录，逐条哈希相符，并与链外锚点（第 %d 条）一致；业务数据与最后的审计记录一致。\n", n, anchor.Seq)
		return nil
	}
	fmt.Fprintf(stdout, "审计链完好：共 %d 条记录，逐条哈希相符；业务数据与最后的审计记录一致。\n", n)
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

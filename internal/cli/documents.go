package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"duban/internal/config"
	"duban/internal/docx"
	"duban/internal/duban"
	"duban/internal/notice"
	"duban/internal/report"
	"duban/internal/store"
	"duban/internal/xlsx"
)

// importFlags are the flags shared by "import ledger" and "import notice".
type importFlags struct {
	dryRun, asJSON bool
	plan           int64
	owner, title   string
	reason         string
}

// opener opens the store; Exists tells whether there is one to open.
type opener struct {
	c *config.Config
}

// open opens the store for this one command (store.SetOneCommand).
func (o opener) open() (*store.DB, error) {
	db, err := openStore(context.Background(), o.c)
	if err == nil {
		db.SetOneCommand()
	}
	return db, err
}

// openAsIs opens the store for a dry run, which leaves the database as it
// is: refused when there is no database yet or when opening it would first
// apply migrations.
func (o opener) openAsIs(ctx context.Context) (*store.DB, error) {
	if !dbExists(o) {
		return nil, errors.New("数据库尚不存在：试运行不创建数据库，请先运行 duban migrate 或 duban serve")
	}
	pending, err := store.Pending(ctx, o.c.DSN())
	if err != nil {
		return nil, err
	}
	if len(pending) > 0 {
		return nil, fmt.Errorf("数据库有 %d 个迁移尚未执行：试运行不升级数据库，请先运行 duban migrate", len(pending))
	}
	return o.open()
}

// opening is how a command opens the store: as it is for a dry run.
func (o opener) opening(ctx context.Context, dryRun bool) func() (*store.DB, error) {
	if dryRun {
		return func() (*store.DB, error) { return o.openAsIs(ctx) }
	}
	return o.open
}

func dbExists(o opener) bool {
	if o.c.DB != "" && strings.Contains(o.c.DB, "://") {
		return true
	}
	_, err := os.Stat(o.c.DSN())
	return err == nil
}

// newFolder returns the outermost folder of dir that does not exist yet
// (dir itself when only it is missing), or "" when dir exists or is not
// given.
func newFolder(dir string) string {
	if dir == "" {
		return ""
	}
	dir = filepath.Clean(dir)
	if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
		return ""
	}
	for {
		parent := filepath.Dir(dir)
		if parent == dir {
			return dir
		}
		if _, err := os.Stat(parent); !errors.Is(err, fs.ErrNotExist) {
			return dir
		}
		dir = parent
	}
}

func parseImport(name string, args []string) (*importFlags, *flag.FlagSet, opener, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	c := dbFlags(fs)
	f := &importFlags{}
	fs.BoolVar(&f.dryRun, "dry-run", false, "只解析并报告，不写入")
	fs.BoolVar(&f.asJSON, "json", false, "以 JSON 输出")
	fs.Int64Var(&f.plan, "plan", 0, "并入已有方案的编号")
	fs.StringVar(&f.owner, "owner", "", "整改责任单位（简称或全称）；默认取文件中的单位")
	fs.StringVar(&f.title, "title", "", "方案名称；默认取文件标题")
	fs.StringVar(&f.reason, "reason", "", "监测表：更正已审核锁定期间的数据时须填写的理由")
	if err := fs.Parse(reorder(args)); err != nil {
		return nil, nil, opener{}, err
	}
	if fs.NArg() != 1 {
		return nil, nil, opener{}, fmt.Errorf("用法：duban %s FILE [--dry-run] [--json] [--plan ID]", name)
	}
	return f, fs, opener{c}, nil
}

// reorder moves the file argument after the flags, so that both
// "import ledger FILE --dry-run" and "import ledger --dry-run FILE" work.
func reorder(args []string) []string {
	var flags, rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case !strings.HasPrefix(a, "-"):
			rest = append(rest, a)
		case strings.Contains(a, "=") || isBoolFlag(a):
			flags = append(flags, a)
		default:
			flags = append(flags, a)
			if i+1 < len(args) {
				flags = append(flags, args[i+1])
				i++
			}
		}
	}
	return append(flags, rest...)
}

func isBoolFlag(a string) bool {
	a = strings.TrimLeft(a, "-")
	return a == "dry-run" || a == "json"
}

// runImport runs "duban import ledger|notice".
func runImport(ctx context.Context, args []string, stdout io.Writer) error {
	loadGC()
	if len(args) > 0 && args[0] == "indicators" {
		return runImportIndicators(ctx, args[1:], stdout)
	}
	if len(args) == 0 || (args[0] != "ledger" && args[0] != "notice") {
		return errors.New("用法：duban import ledger|notice FILE [--dry-run] [--json] [--plan ID]")
	}
	f, fs, open, err := parseImport("import "+args[0], args[1:])
	if err != nil {
		return err
	}
	data, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		return fmt.Errorf("读取文件：%w", err)
	}
	if args[0] == "ledger" && !f.dryRun && f.plan == 0 {
		if dbExists(open) {
			return importLedgerFed(ctx, open, f, data, stdout)
		}
		if fresh := newFolder(open.c.Data); open.c.DB == "" && fresh != "" {
			// A new data folder is made while the file is read, and
			// removed again (with the folders made for it) if the file
			// is rejected or the import fails: a file that is not
			// imported leaves no folder behind.
			err := importLedgerFed(ctx, open, f, data, stdout)
			if err != nil {
				os.RemoveAll(fresh)
			}
			return err
		}
	}
	var rep *importReport
	if args[0] == "ledger" {
		rep, err = parseLedger(data)
	} else {
		rep, err = parseNotice(fs.Arg(0), data)
	}
	if err != nil {
		return err
	}
	// A dry run never creates a data folder: with no database there yet,
	// the write is tried on an empty one made aside and removed, which
	// tells what a first import would create.
	var failed error // the dry run's write failed: the import would
	if len(rep.Errors) == 0 {
		var err error
		switch {
		case !f.dryRun || dbExists(open):
			err = rep.write(ctx, open.opening(ctx, f.dryRun), f)
		case open.c.DB == "":
			err = rep.writeAside(ctx, open, f)
		}
		if err != nil {
			if !f.dryRun {
				return describe(err)
			}
			rep.Checks = append(rep.Checks, "试写入未进行："+describe(err).Error())
			if duban.ErrorCode(err) == duban.Invalid {
				failed = describe(err) // the file's fault, not the database's (a migration pending)
			}
		}
	}
	if err := rep.print(stdout, f.asJSON); err != nil {
		return err
	}
	// A dry run exits as the import would: a script checking files before
	// importing them is not told a file is good that would be refused.
	return failed
}

// writeAside tries the dry run's write on an empty database in a folder of
// its own, removed afterwards.
func (r *importReport) writeAside(ctx context.Context, open opener, f *importFlags) error {
	dir, err := os.MkdirTemp("", "duban-dry-run-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	c := *open.c
	c.Data = dir
	return r.write(ctx, opener{c: &c}.open, f)
}

// importReport is what "import … --json" prints: one JSON object.
type importReport struct {
	Aspects      int                 `json:"aspects"`
	Problems     int                 `json:"problems"`
	Subproblems  int                 `json:"subproblems"`
	Measures     int                 `json:"measures"`
	Kind         duban.SourceKind    `json:"kind,omitempty"`
	Unit         string              `json:"unit,omitempty"`
	Round        string              `json:"round,omitempty"`
	Team         string              `json:"team,omitempty"`
	OnsiteStart  string              `json:"onsite_start,omitempty"`
	OnsiteEnd    string              `json:"onsite_end,omitempty"`
	FeedbackDate string              `json:"feedback_date,omitempty"`
	SignedDate   string              `json:"signed_date,omitempty"`
	Contact      string              `json:"contact,omitempty"` // a notice's closing contact (电话、信箱)
	Stated       map[string]int      `json:"stated"`
	Checks       []string            `json:"checks"`
	Unplaced     []string            `json:"unplaced"`
	Errors       []xlsx.CellError    `json:"errors"`
	Warnings     []xlsx.CellError    `json:"warnings"`
	Result       *store.ImportResult `json:"result,omitempty"`
	outline      *duban.Outline
	kind         string
}

func newReport(kind string, o *duban.Outline) *importReport {
	r := &importReport{kind: kind, outline: o}
	r.Aspects, r.Problems, r.Subproblems, r.Measures = o.Counts()
	m := o.Meta
	r.Kind, r.Unit, r.Round, r.Team, r.Stated, r.Contact = m.Kind, m.Unit, m.Round, m.Team, m.Stated, m.Contact
	r.OnsiteStart, r.OnsiteEnd, r.FeedbackDate, r.SignedDate = m.OnsiteStart.String(), m.OnsiteEnd.String(), m.FeedbackDate.String(), m.SignedDate.String()
	return r
}

func parseLedger(data []byte) (*importReport, error) {
	l, err := xlsx.Read(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	return ledgerReport(l), nil
}

// importLedgerFed reads a ledger into a new plan while it writes what it
// has read (xlsx.ReadWhile, store.ImportFeed); a file with bad cells is
// rejected as parseLedger's caller does, and leaves nothing written.
func importLedgerFed(ctx context.Context, open opener, f *importFlags, data []byte, stdout io.Writer) error {
	var res *store.ImportResult
	l, err := xlsx.ReadWhile(bytes.NewReader(data), func(feed *duban.OutlineFeed) error {
		db, err := open.open()
		if err != nil {
			return err
		}
		res, err = db.ImportFeed(ctx, duban.System, feed, store.ImportOptions{Owner: f.owner, PlanTitle: f.title, Shared: true})
		return errors.Join(err, finish(ctx, db))
	})
	if l == nil {
		return err
	}
	rep := ledgerReport(l)
	if len(rep.Errors) == 0 {
		if err != nil {
			return describe(err)
		}
		rep.Result = res
	}
	return rep.print(stdout, f.asJSON)
}

func ledgerReport(l *xlsx.Ledger) *importReport {
	r := newReport("ledger", l.Outline)
	r.Errors, r.Warnings, r.Checks, r.Unplaced = l.Errors, l.Warnings, []string{}, []string{}
	if r.Errors == nil {
		r.Errors = []xlsx.CellError{}
	}
	return r
}

func parseNotice(name string, data []byte) (*importReport, error) {
	res, err := notice.ReadFile(name, data)
	if err != nil {
		return nil, err
	}
	r := newReport("notice", res.Outline)
	r.Unplaced, r.Checks, r.Errors, r.Warnings = res.Unplaced, res.Check(), []xlsx.CellError{}, []xlsx.CellError{}
	if r.Unplaced == nil {
		r.Unplaced = []string{}
	}
	if r.Checks == nil {
		r.Checks = []string{}
	}
	if r.Stated == nil {
		r.Stated = map[string]int{}
	}
	return r, nil
}

func (r *importReport) write(ctx context.Context, open func() (*store.DB, error), f *importFlags) error {
	db, err := open()
	if err != nil {
		return err
	}
	defer db.Close()
	r.Result, err = db.ImportOutline(ctx, duban.System, r.outline, store.ImportOptions{PlanID: f.plan, Owner: f.owner, PlanTitle: f.title, DryRun: f.dryRun, Notice: r.kind == "notice", Shared: true})
	if err != nil {
		r.Result = nil
	}
	return err
}

// cellAt names the cell, row, column or sheet a reader's error is about,
// as a clerk reads it, leaving out what the error does not name.
func cellAt(sheet string, row int, column string) string {
	if sheet == "" && row == 0 && column == "" {
		return "文件" // the whole workbook
	}
	at := "工作表“" + sheet + "”"
	if row > 0 {
		at += fmt.Sprintf("第 %d 行", row)
	}
	if column != "" {
		at += " " + column + " 列"
	}
	return at
}

// print writes the report; it returns an error (a non-zero exit) when the file was rejected.
func (r *importReport) print(w io.Writer, asJSON bool) error {
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(r); err != nil {
			return err
		}
	} else {
		r.printText(w)
	}
	if len(r.Errors) > 0 {
		return fmt.Errorf("文件被拒绝：%d 处单元格有误，未写入任何数据", len(r.Errors))
	}
	return nil
}

func (r *importReport) printText(w io.Writer) {
	fmt.Fprintf(w, "识别出 %d 个方面、%d 个问题、%d 个具体问题、%d 项整改举措\n", r.Aspects, r.Problems, r.Subproblems, r.Measures)
	if r.Unit != "" {
		fmt.Fprintf(w, "单位：%s  巡视组：%s  轮次：%s  进驻：%s 至 %s  反馈：%s  落款日期：%s\n", r.Unit, r.Team, r.Round, r.OnsiteStart, r.OnsiteEnd, r.FeedbackDate, r.SignedDate)
	}
	if r.Contact != "" {
		fmt.Fprintln(w, "联系方式：", strings.ReplaceAll(r.Contact, "\n", "；"))
	}
	for _, c := range r.Checks {
		fmt.Fprintln(w, "核对：", c)
	}
	for _, u := range r.Unplaced {
		fmt.Fprintln(w, "未能归位：", u)
	}
	for _, e := range r.Warnings {
		fmt.Fprintf(w, "提醒：%s：%s\n", cellAt(e.Sheet, e.Row, e.Column), e.Reason)
	}
	for _, e := range r.Errors {
		fmt.Fprintf(w, "拒绝：%s：%s\n", cellAt(e.Sheet, e.Row, e.Column), e.Reason)
	}
	if res := r.Result; res != nil {
		verb := "已写入"
		if res.DryRun {
			verb = "将写入（试运行，未写入）"
		}
		if res.NoChange {
			fmt.Fprintf(w, "无变化：方案 %d 与文件一致（%s），未写入任何数据\n", res.PlanID, counts(res.Unchanged))
		} else {
			fmt.Fprintf(w, "%s方案 %d：新建 %s；修改 %s；未变 %s\n", verb, res.PlanID, counts(res.Created), counts(res.Updated), counts(res.Unchanged))
		}
		printSome(w, "   ", "项修改", res.Changes)
		for _, m := range res.MatchedUnits {
			fmt.Fprintf(w, "单位：文件中的“%s”按已有单位“%s”导入（不对时用 --owner 指定）\n", m.Written, m.Unit)
		}
		printSome(w, "提醒： ", "条提醒", res.Warnings)
	}
}

// printedLines is how many changes or reminders an import prints as text;
// a large ledger can have thousands (every deadline on a rest day), which
// would bury the summary. --json gives them all.
const printedLines = 30

// printSome prints the first printedLines of lines, each after prefix, and
// then how many more there are.
func printSome(w io.Writer, prefix, what string, lines []string) {
	for i, l := range lines {
		if i == printedLines {
			fmt.Fprintf(w, "%s……另有 %d %s未列出，加 --json 可看全部\n", prefix, len(lines)-i, what)
			return
		}
		fmt.Fprintln(w, prefix+l)
	}
}

// runExport runs "duban export ledger".
func runExport(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) > 0 && args[0] == "indicators" {
		return runExportIndicators(ctx, args[1:], stdout)
	}
	if len(args) == 0 || args[0] != "ledger" {
		return errors.New("用法：duban export ledger --plan ID [--unit 单位] [--asof 日期] [-o FILE]")
	}
	fs := flag.NewFlagSet("export ledger", flag.ContinueOnError)
	c := dbFlags(fs)
	plan := fs.Int64("plan", 0, "方案编号")
	unit := fs.String("unit", "", "只导出该单位承担的部分")
	asOf := fs.String("asof", "", "截至日期，默认今天")
	out := fs.String("o", "", "输出文件，默认 ledger-plan<ID>.xlsx")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	day, err := duban.ParseDate(*asOf)
	if err != nil {
		return err
	}
	db, err := openStore(ctx, c)
	if err != nil {
		return err
	}
	defer db.Close()
	var unitID int64
	if *unit != "" {
		u, err := db.FindUnitByName(ctx, *unit)
		if err != nil {
			return err
		}
		unitID = u.ID
	}
	name := firstOf(*out, fmt.Sprintf("ledger-plan%d.xlsx", *plan))
	return writeFile(name, stdout, func(w io.Writer) error {
		return db.ScanOutline(ctx, duban.System, store.OutlineFilter{PlanID: *plan, UnitID: unitID, AsOf: day},
			func(o *duban.Outline, scan duban.OutlineScan) error {
				return xlsx.WriteLedgerScan(w, o, scan, xlsx.WriteOptions{Title: duban.LedgerTitle(o.Meta.Title), AsOf: o.Meta.AsOf})
			})
	})
}

// runReport runs "duban report notice|supervision".
func runReport(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 || (args[0] != "notice" && args[0] != "supervision") {
		return errors.New("用法：duban report notice --plan ID --format docx|html|md [--asof 日期] [--contact 联系方式] [--unfinished state|omit] [--by-aspect] | duban report supervision --assignment ID --number 督办〔2021〕3号 [--reply-due 日期] [--asof 成文日期]")
	}
	fs := flag.NewFlagSet("report "+args[0], flag.ContinueOnError)
	c := dbFlags(fs)
	plan := fs.Int64("plan", 0, "方案编号")
	assignment := fs.Int64("assignment", 0, "分办事项编号（督办单）")
	format := fs.String("format", "docx", "docx、html 或 md")
	asOf := fs.String("asof", "", "截至日期，默认今天")
	contact := fs.String("contact", "", "通报末尾的联系方式（可多行）")
	unfinished := fs.String("unfinished", "state", "逾期或未报进展的举措：state 如实写明，omit 不列入进展部分")
	byAspect := fs.Bool("by-aspect", false, "分方面列出完成数和完成率")
	number := fs.String("number", "", "督办单编号，如 督办〔2021〕3号")
	replyDue := fs.String("reply-due", "", "督办单回复时限，默认成文日期后方案规定的工作日数（默认5个）")
	out := fs.String("o", "", "输出文件；html 与 md 默认写到标准输出")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	day, err := duban.ParseDate(*asOf)
	if err != nil {
		return err
	}
	db, err := openStore(ctx, c)
	if err != nil {
		return err
	}
	defer db.Close()
	var doc *duban.Document
	if args[0] == "notice" {
		opt, oerr := report.ParseNoticeOptions(*unfinished, fmt.Sprint(*byAspect))
		if oerr != nil {
			return oerr
		}
		doc, err = report.NoticeOf(ctx, db, duban.System, *plan, day, *contact, opt)
	} else {
		due, derr := duban.ParseDate(*replyDue)
		if derr != nil {
			return derr
		}
		doc, err = report.SupervisionOf(ctx, db, duban.System, *assignment, *number, due, day)
	}
	if err != nil {
		return err
	}
	return writeDocument(doc, *format, *out, fmt.Sprintf("%s-%d", args[0], *plan+*assignment), stdout)
}

func writeDocument(doc *duban.Document, format, out, base string, stdout io.Writer) error {
	switch format {
	case "docx":
		return writeFile(firstOf(out, base+".docx"), stdout, func(w io.Writer) error { return docx.Write(w, doc, docx.Options{Fonts: docx.DefaultFonts()}) })
	case "html":
		s, err := report.HTML(doc)
		if err != nil {
			return err
		}
		return writeFile(out, stdout, func(w io.Writer) error { _, err := io.WriteString(w, s); return err })
	case "md":
		return writeFile(out, stdout, func(w io.Writer) error { _, err := io.WriteString(w, report.Markdown(doc)); return err })
	}
	return fmt.Errorf("未知格式 %q：应为 docx、html 或 md", format)
}

// writeFile writes through fn to the named file, or to stdout when name is
// "". The file is written beside its name and renamed into place once fn
// succeeds: a failed export leaves no partial file, and the document is not
// held in memory.
func writeFile(name string, stdout io.Writer, fn func(io.Writer) error) error {
	if name == "" {
		return fn(stdout)
	}
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // gone already once renamed
	bw := bufio.NewWriterSize(f, 1<<16)
	err = fn(bw)
	if err == nil {
		err = bw.Flush()
	}
	var size int64
	if err == nil {
		size, err = f.Seek(0, io.SeekCurrent)
	}
	if err == nil {
		err = f.Chmod(0o644)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), name)
	}
	if err != nil {
		return err
	}
	abs, _ := filepath.Abs(name)
	fmt.Fprintf(stdout, "已写出 %s（%d 字节）\n", abs, size)
	return nil
}

func firstOf(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

var countNames = []struct{ key, name string }{
	{"plans", "个方案"}, {"sources", "个来源"}, {"units", "个单位"}, {"aspects", "个方面"}, {"problems", "个问题"},
	{"subproblems", "个具体问题"}, {"measures", "项举措"}, {"assignments", "个分办事项"},
	{"assigned", "个已交办"}, {"reports", "条整改进展"}, {"closures", "个已销号"},
}

// counts writes import counts as 4个方面、12个问题, or 无.
func counts(m map[string]int) string {
	var parts []string
	for _, c := range countNames {
		if n := m[c.key]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d%s", n, c.name))
		}
	}
	if len(parts) == 0 {
		return "无"
	}
	return strings.Join(parts, "、")
}

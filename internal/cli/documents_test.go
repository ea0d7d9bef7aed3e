package cli

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"duban/internal/store"
	"duban/internal/xlsx"
)

// flatNotice is a 巡察 notice whose problems are numbered 一、二、 with no
// aspect above them.
const flatNotice = `中共某县文化旅游局党组
关于县委第三轮巡察整改情况的通报
根据县委统一部署，2023年3月1日至4月15日，县委第二巡察组对某县文化旅游局党组开展了巡察。2023年5月20日，县委第二巡察组向局党组反馈了巡察意见。现将整改情况通报如下。
一、关于“理论学习流于形式”的问题
一是制定学习计划。二是开展专题研讨。
二、关于“项目资金监管不严”的问题
开展资金专项检查。
中共某县文化旅游局党组
2023年8月31日
`

// The dry run of a flat notice reports no aspect, its kind, and would
// create none.
func TestImportFlatNoticeDryRun(t *testing.T) {
	dir := t.TempDir()
	db, err := store.Open(context.Background(), filepath.Join(dir, "duban.db"))
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	file := filepath.Join(dir, "通报.txt")
	if err := os.WriteFile(file, []byte(flatNotice), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := run(t, "import", "notice", file, "--dry-run", "--json", "--data", dir)
	if code != 0 {
		t.Fatalf("import: code %d, stderr %s", code, errOut)
	}
	var rep struct {
		Aspects, Problems, Measures int
		Kind                        string
		Result                      struct{ Created map[string]int }
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if rep.Aspects != 0 || rep.Problems != 2 || rep.Measures != 3 || rep.Kind != "patrol" {
		t.Errorf("dry run: got %+v, want 0 aspects, 2 problems, 3 measures, kind patrol", rep)
	}
	if rep.Result.Created["aspects"] != 0 || rep.Result.Created["problems"] != 2 {
		t.Errorf("dry run would create %v", rep.Result.Created)
	}
}

// The dry run of a notice the import would refuse (nothing in it read as
// aspects, problems or measures) prints its report and exits as the import
// would, 1: it exited 0, telling a script the file was good.
func TestImportRefusedNoticeDryRunFails(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "通知.txt")
	if err := os.WriteFile(file, []byte("关于某事的通知\n各单位：请做好工作。\n某局\n2024年1月1日\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := run(t, "import", "notice", file, "--dry-run", "--json", "--data", dir)
	if code != 1 || !strings.Contains(out, "试写入未进行") || !strings.Contains(errOut, "未能从文件中识别出任何方面") {
		t.Errorf("dry run: code %d, stdout %s, stderr %s; want 1, the report and the reason", code, out, errOut)
	}
}

// The dry run of an audit ledger reports its kind, read from the title, and
// warns of the deadline on a rest day, in the JSON and in the text.
func TestImportLedgerKindAndRestDayDryRun(t *testing.T) {
	dir := t.TempDir()
	db, err := store.Open(context.Background(), filepath.Join(dir, "duban.db"))
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	f := excelize.NewFile()
	for r, row := range [][]any{{"审计发现问题整改台账"}, {"序号", "问题", "整改措施", "责任单位", "完成时限"},
		{1, "预算执行偏慢", "加快预算执行", "省财政厅", "2026年2月21日"}} {
		for c, v := range row {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if err := f.SetCellValue("Sheet1", cell, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	file := filepath.Join(dir, "审计台账.xlsx")
	if err := f.SaveAs(file); err != nil {
		t.Fatal(err)
	}
	f.Close()
	code, out, errOut := run(t, "import", "ledger", file, "--owner", "陕西省财政厅", "--dry-run", "--json", "--data", dir)
	if code != 0 {
		t.Fatalf("import: code %d, stderr %s", code, errOut)
	}
	var rep struct {
		Kind   string
		Result struct{ Warnings []string }
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if rep.Kind != "audit" || len(rep.Result.Warnings) != 1 || !strings.Contains(rep.Result.Warnings[0], "2026年2月21日是休息日（春节）") {
		t.Errorf("dry run: kind %q, warnings %q; want audit and the 2026-02-21 deadline", rep.Kind, rep.Result.Warnings)
	}
	code, out, _ = run(t, "import", "ledger", file, "--owner", "陕西省财政厅", "--dry-run", "--data", dir)
	if code != 0 || !strings.Contains(out, "提醒： 举措“加快预算执行”的整改时限2026年2月21日是休息日") {
		t.Errorf("text dry run (code %d) lacks the warning:\n%s", code, out)
	}
}

// sentenceNotice writes its 具体问题 as plain sentences under a problem,
// each followed by its measures counted 一是…二是… on the lines below.
const sentenceNotice = `中共某区市场监管局党组关于区委第二轮巡察整改进展情况的通报
根据区委统一部署，区委第一巡察组对区市场监管局党组开展了巡察。对照反馈的1个方面2个问题、2个具体问题，局党组制定整改措施5项。
一、反馈问题整改落实情况
（一）履行监管职责方面
1.关于“食品安全抽检覆盖不全”的问题
（1）农村集市抽检频次偏低。
一是将农村集市纳入月度抽检计划。
二是每季度通报抽检结果。
（2）抽检不合格产品处置滞后。
一是建立不合格产品核查处置台账。二是实行处置情况周报。
2.关于“执法案卷不规范”的问题
开展执法案卷专项评查。
中共某区市场监管局党组
2024年11月20日
`

// The dry run of a notice with 具体问题 written as sentences counts them
// and their measures, in agreement with the totals the notice states.
func TestImportSentenceSubproblemsDryRun(t *testing.T) {
	dir := t.TempDir()
	db, err := store.Open(context.Background(), filepath.Join(dir, "duban.db"))
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	file := filepath.Join(dir, "通报.txt")
	if err := os.WriteFile(file, []byte(sentenceNotice), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := run(t, "import", "notice", file, "--dry-run", "--json", "--data", dir)
	if code != 0 {
		t.Fatalf("import: code %d, stderr %s", code, errOut)
	}
	var rep struct {
		Aspects, Problems, Subproblems, Measures int
		Checks                                   []string
		Result                                   struct{ Created map[string]int }
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if rep.Aspects != 1 || rep.Problems != 2 || rep.Subproblems != 2 || rep.Measures != 5 || len(rep.Checks) != 0 {
		t.Errorf("dry run: got %+v, want 1 aspect, 2 problems, 2 specific problems, 5 measures, no check", rep)
	}
	if c := rep.Result.Created; c["subproblems"] != 2 || c["measures"] != 5 {
		t.Errorf("dry run would create %v, want 2 subproblems and 5 measures", c)
	}
}

// bigLedger writes a ledger of n measures, the first merged down over a
// second row that names one more unit; bad gives its last row a deadline
// no one can read.
func bigLedger(t *testing.T, file string, n int, bad bool) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	rows := [][]any{{"某局巡察反馈问题整改台账"}, {"序号", "问题", "整改措施", "责任单位", "完成时限"}}
	for i := range n {
		rows = append(rows, []any{i + 1, fmt.Sprintf("第%d个问题", i/10+1), fmt.Sprintf("整改措施%04d", i), fmt.Sprintf("读写单位%d", i%7), "2027年6月30日"})
		if i == 0 {
			rows = append(rows, []any{nil, nil, nil, "读写单位配合处", nil})
		}
	}
	if bad {
		rows[len(rows)-1][4] = "尽快"
	}
	for r, row := range rows {
		for c, v := range row {
			if v == nil {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if err := f.SetCellValue("Sheet1", cell, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := f.MergeCell("Sheet1", "C3", "C4"); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(file); err != nil {
		t.Fatal(err)
	}
}

// A ledger imported into an existing database is written while it is read
// (store.ImportFeed): one with a bad cell in its last row is rejected with
// that cell named and leaves nothing written, not even an audit event; the
// good one makes the plan whole, the unit of the merged row included.
func TestImportLedgerWrittenWhileRead(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(dir, "duban.db"))
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	raw, err := sql.Open("sqlite", filepath.Join(dir, "duban.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	count := func(q string) int {
		var n int
		if err := raw.QueryRowContext(ctx, q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	events, units := count(`SELECT count(*) FROM audit_events`), count(`SELECT count(*) FROM units`)
	file := filepath.Join(dir, "台账.xlsx")
	// A ledger of its header only: nothing to import, and no empty plan.
	bigLedger(t, file, 0, false)
	code, out, errOut := run(t, "import", "ledger", file, "--owner", "某局", "--data", dir)
	if code == 0 || !strings.Contains(out, "第 2 行：表头之下没有整改举措") || !strings.Contains(errOut, "文件被拒绝：1 处单元格有误") {
		t.Errorf("import of a ledger of a header only: code %d, stdout %q, stderr %q; want it refused", code, out, errOut)
	}
	if n := count(`SELECT count(*) FROM plans`) + count(`SELECT count(*) FROM units`) - units; n != 0 {
		t.Errorf("after the ledger of a header only: %d plans and new units, want none", n)
	}
	bigLedger(t, file, 3000, true)
	code, out, errOut = run(t, "import", "ledger", file, "--owner", "某局", "--data", dir)
	if code == 0 || !strings.Contains(out, "第 3003 行 E（完成时限）") || !strings.Contains(errOut, "文件被拒绝：1 处单元格有误") {
		t.Errorf("import of a ledger whose last deadline is unreadable: code %d, stdout %q, stderr %q; want it rejected, naming row 3003 column E", code, out, errOut)
	}
	if n, m := count(`SELECT count(*) FROM audit_events`), count(`SELECT count(*) FROM units`); n != events || m != units || count(`SELECT count(*) FROM plans`)+count(`SELECT count(*) FROM tasks`) != 0 {
		t.Errorf("after the rejected import: %d audit events (was %d), %d units (was %d), %d plans; want nothing written", n, events, m, units, count(`SELECT count(*) FROM plans`))
	}

	bigLedger(t, file, 3000, false)
	code, out, errOut = run(t, "import", "ledger", file, "--owner", "某局", "--data", dir, "--json")
	if code != 0 {
		t.Fatalf("import: code %d, stderr %s", code, errOut)
	}
	var rep struct {
		Measures int
		Result   struct{ Created map[string]int }
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if rep.Measures != 3000 || rep.Result.Created["measures"] != 3000 || rep.Result.Created["problems"] != 300 {
		t.Errorf("import: read %d measures, created %v; want 3000 measures under 300 problems", rep.Measures, rep.Result.Created)
	}
	if n := count(`SELECT count(*) FROM assignments`); n != 3001 {
		t.Errorf("assignments: got %d, want 3001 (the first measure's second unit included)", n)
	}
	if n := count(`SELECT count(*) FROM assignments a JOIN units u ON u.id = a.unit_id JOIN tasks t ON t.id = a.task_id WHERE t.title = '整改措施0000' AND u.name = '读写单位配合处'`); n != 1 {
		t.Errorf("the merged row's unit: %d assignments of 整改措施0000, want 1", n)
	}
	if code, out, _ := run(t, "audit", "verify", "--data", dir); code != 0 {
		t.Errorf("audit verify after the import: code %d\n%s", code, out)
	}
}

// TestImportLedgerIntoNewFolder: a ledger imported into a data folder that
// does not exist yet is written while read too; a rejected file leaves no
// folder behind, a good one a database that verifies.
func TestImportLedgerIntoNewFolder(t *testing.T) {
	dir := t.TempDir()
	top := filepath.Join(dir, "新目录")
	data := filepath.Join(top, "数据")
	file := filepath.Join(dir, "台账.xlsx")
	// A file that is no workbook: its message as a clerk reads it, and
	// neither folder made for the import is left.
	if err := os.WriteFile(file, []byte("不是工作簿"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := run(t, "import", "ledger", file, "--owner", "某局", "--data", data)
	if code == 0 || strings.TrimSpace(errOut) != "duban: 无法读取该文件，请上传 Excel 工作簿（.xlsx）" {
		t.Errorf("a file that is no workbook: code %d, stderr %q; want the message alone", code, errOut)
	}
	if _, err := os.Stat(top); !os.IsNotExist(err) {
		t.Errorf("after the unreadable file the folder made for the data folder is there (%v); want it removed", err)
	}
	bigLedger(t, file, 500, true)
	code, out, errOut := run(t, "import", "ledger", file, "--owner", "某局", "--data", data)
	if code == 0 || !strings.Contains(out, "第 503 行 E（完成时限）") || !strings.Contains(errOut, "文件被拒绝：1 处单元格有误") {
		t.Errorf("rejected ledger into a new folder: code %d, stdout %q, stderr %q; want it rejected, naming row 503 column E", code, out, errOut)
	}
	if _, err := os.Stat(top); !os.IsNotExist(err) {
		t.Errorf("after the rejected import the new data folder is there (%v); want it removed", err)
	}
	bigLedger(t, file, 500, false)
	code, out, errOut = run(t, "import", "ledger", file, "--owner", "某局", "--data", data, "--json")
	if code != 0 {
		t.Fatalf("import into a new folder: code %d, stderr %s", code, errOut)
	}
	var rep struct {
		Result struct{ Created map[string]int }
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || rep.Result.Created["measures"] != 500 {
		t.Errorf("import into a new folder: created %v (%v); want 500 measures", rep.Result.Created, err)
	}
	if code, out, _ := run(t, "audit", "verify", "--data", data); code != 0 {
		t.Errorf("audit verify after the import: code %d\n%s", code, out)
	}
}

// TestImportLedgerLeftForExit: when the process exits after the command
// (the duban binary), the import's store is left open for the exit to end,
// its write-ahead log copied into the database file and emptied first: the
// file alone holds the plan, as after a close.
func TestImportLedgerLeftForExit(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "数据")
	file := filepath.Join(dir, "台账.xlsx")
	bigLedger(t, file, 300, false)
	var out, errOut bytes.Buffer
	if code := Run(Exiting(context.Background()), []string{"import", "ledger", file, "--owner", "某局", "--data", data}, &out, &errOut); code != 0 {
		t.Fatalf("import: code %d, stderr %s", code, errOut.String())
	}
	if st, err := os.Stat(filepath.Join(data, "duban.db-wal")); err == nil && st.Size() != 0 {
		t.Errorf("write-ahead log after the command: %d bytes; want it copied into the database and emptied", st.Size())
	}
	// Only the database file, as a copy of it alone would be read.
	copied := filepath.Join(dir, "副本")
	if err := os.MkdirAll(copied, 0o750); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"duban.db", "audit.key"} {
		b, err := os.ReadFile(filepath.Join(data, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(copied, name), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	exported := filepath.Join(dir, "出.xlsx")
	if code, got, errs := run(t, "export", "ledger", "--plan", "1", "--data", copied, "-o", exported); code != 0 {
		t.Fatalf("export from the database file alone: code %d, %s%s", code, got, errs)
	}
	b, err := os.ReadFile(exported)
	if err != nil {
		t.Fatal(err)
	}
	l, err := xlsx.Read(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, _, n := l.Outline.Counts(); n != 300 {
		t.Errorf("measures in the database file alone: %d, want 300", n)
	}
	if code, got, _ := run(t, "audit", "verify", "--data", copied); code != 0 {
		t.Errorf("audit verify of the database file alone: code %d\n%s", code, got)
	}
}

// A dry run into a data folder that does not exist yet says what a first
// import would write, and leaves no folder behind.
func TestImportDryRunIntoNoFolder(t *testing.T) {
	base := t.TempDir()
	file := filepath.Join(base, "通报.txt")
	if err := os.WriteFile(file, []byte(flatNotice), 0o600); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(base, "新目录", "data")
	code, out, errOut := run(t, "import", "notice", file, "--dry-run", "--json", "--owner", "某县商务局", "--data", dir)
	if code != 0 {
		t.Fatalf("import: code %d, stderr %s", code, errOut)
	}
	var rep struct {
		Result *struct {
			DryRun  bool           `json:"dry_run"`
			Created map[string]int `json:"created"`
		}
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if rep.Result == nil || !rep.Result.DryRun || rep.Result.Created["plans"] != 1 || rep.Result.Created["problems"] != 2 || rep.Result.Created["measures"] != 3 {
		t.Errorf("dry run into no folder: result %+v, want a plan, 2 problems and 3 measures to be created", rep.Result)
	}
	if _, err := os.Stat(filepath.Join(base, "新目录")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the dry run left a folder behind: %v", err)
	}
	code, out, _ = run(t, "import", "notice", file, "--dry-run", "--owner", "某县商务局", "--data", dir)
	if code != 0 || !strings.Contains(out, "将写入（试运行，未写入）") {
		t.Errorf("text dry run (code %d) lacks what it would write:\n%s", code, out)
	}
}

// A dry run leaves the database as it is: one with a migration not yet
// applied is neither upgraded nor written, and the report says why; the
// file is still read and reported.
func TestImportDryRunDoesNotMigrate(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "duban.db")
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	applied := func() (n int) {
		t.Helper()
		if err := raw.QueryRow(`SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	// The last migration taken for not applied: what an older duban left.
	if _, err := raw.Exec(`DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations)`); err != nil {
		t.Fatal(err)
	}
	before := applied()
	file := filepath.Join(dir, "通报.txt")
	if err := os.WriteFile(file, []byte(flatNotice), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := run(t, "import", "notice", file, "--dry-run", "--json", "--data", dir)
	if code != 0 {
		t.Fatalf("import: code %d, stderr %s", code, errOut)
	}
	var rep struct {
		Problems, Measures int
		Checks             []string
		Result             *struct{ Created map[string]int }
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if rep.Problems != 2 || rep.Measures != 3 || rep.Result != nil {
		t.Errorf("dry run: got %+v, want the file read (2 problems, 3 measures) and no result of a write", rep)
	}
	if !slices.ContainsFunc(rep.Checks, func(c string) bool { return strings.Contains(c, "1 个迁移尚未执行") }) {
		t.Errorf("checks %q: want the pending migration named", rep.Checks)
	}
	if got := applied(); got != before {
		t.Errorf("the dry run applied migrations: %d recorded, was %d", got, before)
	}
	// The same for a monitoring workbook's dry run.
	book := filepath.Join(t.TempDir(), "监测表.xlsx")
	workbook(t, book, []string{"2024年"}, map[string][][]any{"2024年": wideYear(2024, 12)}, "2024年!A1:N1")
	code, _, errOut = run(t, "import", "indicators", "--dry-run", "--data", dir, book)
	if code == 0 || !strings.Contains(errOut, "1 个迁移尚未执行") {
		t.Errorf("indicators dry run: code %d, stderr %q; want a refusal naming the pending migration", code, errOut)
	}
	if got := applied(); got != before {
		t.Errorf("the indicators dry run applied migrations: %d recorded, was %d", got, before)
	}
	// Nor does it make a database where there is none.
	empty := t.TempDir()
	code, _, errOut = run(t, "import", "indicators", "--dry-run", "--data", empty, book)
	if _, err := os.Stat(filepath.Join(empty, "duban.db")); code == 0 || !strings.Contains(errOut, "数据库尚不存在") || err == nil {
		t.Errorf("indicators dry run with no database: code %d, stderr %q, database made: %v; want a refusal and none made", code, errOut, err == nil)
	}
}

// TestImportThreeLists imports a plan kept as 问题清单, 任务清单 and 责任清单
// on sheets of their own: each task is written under the problem its number
// names, with the units, leader and deadline of its row of duties. A task
// naming a problem the list lacks rejects the file, naming its own cell.
func TestImportThreeLists(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "数据")
	file := filepath.Join(dir, "三张清单.xlsx")
	write := func(problemOfLast any) {
		f := excelize.NewFile()
		defer f.Close()
		sheets := []struct {
			name string
			rows [][]any
		}{
			{"问题清单", [][]any{{"序号", "问题类别", "问题描述"}, {1, "党的建设方面", "组织生活不规范"}, {2, "作风建设方面", "督查检查过多"}}},
			{"任务清单", [][]any{{"序号", "问题序号", "整改任务", "整改目标"}, {1, 1, "规范三会一课", "全面规范"}, {2, problemOfLast, "精简督查检查", "减少三成"}}},
			{"责任清单", [][]any{{"序号", "任务序号", "责任领导", "牵头单位", "配合单位", "完成时限"},
				{1, 1, "张三", "机关党委", "", "2027年3月31日"}, {2, 2, "李四", "办公室", "督查室", "2027年6月30日"}}},
		}
		for i, s := range sheets {
			if i == 0 {
				if err := f.SetSheetName("Sheet1", s.name); err != nil {
					t.Fatal(err)
				}
			} else if _, err := f.NewSheet(s.name); err != nil {
				t.Fatal(err)
			}
			for r, row := range s.rows {
				for c, v := range row {
					cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
					if err := f.SetCellValue(s.name, cell, v); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
		if err := f.SaveAs(file); err != nil {
			t.Fatal(err)
		}
	}
	write(5)
	code, out, errOut := run(t, "import", "ledger", file, "--owner", "某局", "--data", data)
	if code == 0 || !strings.Contains(out, "任务清单") || !strings.Contains(out, "第 3 行 B（问题序号）") || !strings.Contains(out, "没有序号为“5”的问题") {
		t.Errorf("a task naming problem 5 of two: code %d, stdout %q, stderr %q; want it rejected, naming 任务清单 row 3 column B", code, out, errOut)
	}
	write(2)
	code, out, errOut = run(t, "import", "ledger", file, "--owner", "某局", "--data", data, "--json")
	if code != 0 {
		t.Fatalf("import: code %d, stdout %s, stderr %s", code, out, errOut)
	}
	raw, err := sql.Open("sqlite", filepath.Join(data, "duban.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var got []string
	rows, err := raw.Query(`SELECT n.title || ' / ' || t.title || ' / ' || t.responsible_leader || ' / ' || t.deadline || ' / ' ||
		(SELECT group_concat(u.name, '、') FROM (SELECT u.name FROM assignments a JOIN units u ON u.id = a.unit_id WHERE a.task_id = t.id ORDER BY a.lead DESC, u.name) u)
		FROM tasks t JOIN nodes n ON n.id = t.node_id ORDER BY t.id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		got = append(got, s)
	}
	want := []string{"组织生活不规范 / 规范三会一课 / 张三 / 2027-03-31 / 机关党委", "督查检查过多 / 精简督查检查 / 李四 / 2027-06-30 / 办公室、督查室"}
	if !slices.Equal(got, want) {
		t.Errorf("measures written:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

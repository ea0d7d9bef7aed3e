package report

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"duban/internal/duban"
	"duban/internal/store"
	"duban/internal/xlsx"
)

// kindCases are one plan of each kind of source, with the words its notice
// must say and the words of other kinds it must never say.
var kindCases = []struct {
	kind          duban.SourceKind
	round, team   string
	want, mustNot []string
}{
	{duban.SourceInspection, "十三届省委第十一轮", "省委第一巡视组",
		[]string{"关于十三届省委第十一轮巡视整改进展情况的通报", "根据巡视工作有关规定", "巡视整改工作领导小组", "反馈了巡视意见"}, []string{"巡察", "审计"}},
	{duban.SourcePatrol, "县委第二轮", "县委第一巡察组",
		[]string{"关于县委第二轮巡察整改进展情况的通报", "根据巡察工作有关规定", "巡察整改工作领导小组", "反馈了巡察意见", "对巡察整改落实情况进行监督"}, []string{"巡视", "审计"}},
	{duban.SourceAudit, "", "",
		[]string{"关于审计整改进展情况的通报", "审计组对", "进行了审计", "审计整改工作领导小组", "审计报告"}, []string{"巡视", "巡察"}},
	{duban.SourceSupervision, "", "",
		[]string{"关于督查整改进展情况的通报", "督查组对", "督查整改工作领导小组"}, []string{"巡视", "巡察", "审计"}},
	{duban.SourceSelf, "", "",
		[]string{"关于自查整改进展情况的通报", "开展了自查"}, []string{"巡视", "巡察", "审计"}},
	{duban.SourceInstruction, "", "",
		[]string{"关于批示事项办理进展情况的通报", "批示件办理工作领导小组"}, []string{"巡视", "巡察", "审计"}},
}

func TestNoticeWordsFollowTheKind(t *testing.T) {
	for _, c := range kindCases {
		t.Run(string(c.kind), func(t *testing.T) {
			o := sample()
			o.Meta.Kind, o.Meta.Round, o.Meta.Team, o.Meta.Topic = c.kind, c.round, c.team, ""
			md := Markdown(Notice(NoticeInput{Outline: o}))
			for _, w := range c.want {
				if !strings.Contains(md, w) {
					t.Errorf("notice lacks %q", w)
				}
			}
			for _, w := range c.mustNot {
				if strings.Contains(md, w) {
					t.Errorf("notice of a %s says %q:\n%s", c.kind, w, md)
				}
			}
			sup := Markdown(SupervisionNotice(SupervisionInput{Unit: "某局", Task: "建立台账", Deadline: "2022年6月30日", Kind: c.kind,
				Office: "某委" + duban.WordsOf(c.kind).Group + "办公室", ReplyDue: duban.MustDate("2022-07-08"), Date: duban.MustDate("2022-07-01")}))
			for _, w := range c.mustNot {
				if strings.Contains(sup, w) {
					t.Errorf("督办单 of a %s says %q:\n%s", c.kind, w, sup)
				}
			}
		})
	}
}

// The 督办单 of a 巡察 plan is signed by the 巡察整改工作领导小组办公室 of the
// plan's lead office, composed from the store.
func TestSupervisionOfPatrolPlan(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "duban.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// The plan is written before the day its 督办单 is composed.
	db.Now = func() time.Time { return time.Date(2022, 6, 1, 10, 0, 0, 0, duban.ChinaTime) }
	office := &duban.Unit{Name: "中共某县委巡察整改办", ShortName: "县委巡察整改办", Kind: duban.UnitKind("party")}
	if err := db.CreateUnit(ctx, duban.System, office); err != nil {
		t.Fatal(err)
	}
	lead := &duban.Principal{UserID: 0, Username: "lead", Role: duban.RoleLead, UnitID: office.ID}
	o := sample()
	o.Meta.Kind, o.Meta.Round, o.Meta.Team, o.Meta.Unit = duban.SourcePatrol, "县委第二轮", "县委第一巡察组", office.Name
	res, err := db.ImportOutline(ctx, lead, o, store.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	as, err := db.ListAssignments(ctx, duban.System, duban.AssignmentFilter{PlanID: res.PlanID}, duban.Date{})
	if err != nil || len(as.Items) == 0 {
		t.Fatalf("assignments: %v, %d", err, len(as.Items))
	}
	d, err := SupervisionOf(ctx, db, duban.System, as.Items[0].ID, "督办〔2022〕1号", duban.Date{}, duban.MustDate("2022-07-01"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "中共某县委巡察整改办巡察整改工作领导小组办公室"; d.Signature != want {
		t.Errorf("signature: got %q, want %q", d.Signature, want)
	}
	pl, err := db.FindPlan(ctx, duban.System, res.PlanID)
	if err != nil {
		t.Fatal(err)
	}
	if pl.Title != "县委第二轮巡察整改方案" {
		t.Errorf("plan named %q, want it named from its source: 县委第二轮巡察整改方案", pl.Title)
	}
	if got := duban.LedgerTitle(pl.Title); got != "县委第二轮巡察整改台账" {
		t.Errorf("ledger title: got %q", got)
	}
}

// TestLedgerTitleDecidesTheWords: a ledger whose title names the work (a
// 巡察, an audit, a 督查) imports as a plan of that kind, and the plan's
// notice and 督办单 speak of that work only.
func TestLedgerTitleDecidesTheWords(t *testing.T) {
	for _, c := range []struct {
		title   string
		kind    duban.SourceKind
		mustNot []string
	}{
		{"县委第一巡察组反馈意见整改落实台账", duban.SourcePatrol, []string{"巡视", "审计"}},
		{"审计发现问题整改台账（截至2025年9月30日）", duban.SourceAudit, []string{"巡视", "巡察"}},
		{"省政府督查反馈问题整改台账", duban.SourceSupervision, []string{"巡视", "巡察", "审计"}},
	} {
		t.Run(string(c.kind), func(t *testing.T) {
			ctx := context.Background()
			db, err := store.Open(ctx, filepath.Join(t.TempDir(), "duban.db"))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			db.Now = func() time.Time { return time.Date(2025, 9, 1, 10, 0, 0, 0, duban.ChinaTime) }
			f := excelize.NewFile()
			defer f.Close()
			for r, row := range [][]any{{c.title}, {"序号", "问题", "整改措施", "责任单位", "完成时限"}, {1, "会议偏多", "精简会议", "某县财政局", "2025-12-31"}} {
				for col, v := range row {
					cell, _ := excelize.CoordinatesToCellName(col+1, r+1)
					if err := f.SetCellValue("Sheet1", cell, v); err != nil {
						t.Fatal(err)
					}
				}
			}
			var buf bytes.Buffer
			if _, err := f.WriteTo(&buf); err != nil {
				t.Fatal(err)
			}
			l, err := xlsx.Read(&buf)
			if err != nil || len(l.Errors) > 0 {
				t.Fatalf("read: %v %v", err, l.Errors)
			}
			if l.Outline.Meta.Kind != c.kind {
				t.Fatalf("kind %q, want %q", l.Outline.Meta.Kind, c.kind)
			}
			res, err := db.ImportOutline(ctx, duban.System, l.Outline, store.ImportOptions{Owner: "中共某县委员会"})
			if err != nil {
				t.Fatal(err)
			}
			d, err := NoticeOf(ctx, db, duban.System, res.PlanID, duban.MustDate("2025-10-09"), "", NoticeOptions{})
			if err != nil {
				t.Fatal(err)
			}
			as, err := db.ListAssignments(ctx, duban.System, duban.AssignmentFilter{PlanID: res.PlanID}, duban.Date{})
			if err != nil || len(as.Items) != 1 {
				t.Fatalf("assignments: %v %d", err, len(as.Items))
			}
			sup, err := SupervisionOf(ctx, db, duban.System, as.Items[0].ID, "督办〔2025〕1号", duban.Date{}, duban.MustDate("2025-10-09"))
			if err != nil {
				t.Fatal(err)
			}
			w := duban.WordsOf(c.kind)
			for name, md := range map[string]string{"notice": Markdown(d), "督办单": Markdown(sup)} {
				if !strings.Contains(md, w.Group) {
					t.Errorf("%s lacks %q:\n%s", name, w.Group, md)
				}
				for _, bad := range c.mustNot {
					if strings.Contains(md, bad) {
						t.Errorf("%s of a %s ledger says %q:\n%s", name, c.kind, bad, md)
					}
				}
			}
		})
	}
}

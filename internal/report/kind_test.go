package report

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"duban/internal/duban"
	"duban/internal/store"
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

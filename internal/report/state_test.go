package report

import (
	"strings"
	"testing"

	"duban/internal/duban"
)

// stateOutline has one measure of each state on 2022-09-30.
func stateOutline() *duban.Outline {
	d := duban.MustDate
	ms := []*duban.OutlineMeasure{
		{Title: "建立台账", Status: duban.StatusClosed, Progress: "台账已建立"},
		{Title: "修订制度", Status: duban.StatusClosureRequested, Progress: "制度已修订印发"},
		{Title: "开展培训", Status: duban.StatusInProgress, Progress: "医政医管科：举办培训两期\n基层卫生健康科：完成轮训一次",
			DeadlineKind: duban.DeadlineDate, Deadline: d("2022-12-31"), Light: duban.LightGreen},
		{Title: "清退资金", Status: duban.StatusInProgress, Progress: "已清退部分资金", DeadlineKind: duban.DeadlineDate,
			Deadline: d("2022-06-30"), Light: duban.LightRed},
		{Title: "完善机制", Status: duban.StatusAssigned, DeadlineKind: duban.DeadlineDate, Deadline: d("2022-12-31")},
	}
	return &duban.Outline{
		Meta: duban.OutlineMeta{Unit: "中共某县卫生健康局党组", Kind: duban.SourcePatrol, Round: "县委第二轮", AsOf: d("2022-09-30")},
		Aspects: []*duban.OutlineNode{{Kind: duban.NodeAspect, Title: "作风建设方面", Children: []*duban.OutlineNode{
			{Kind: duban.NodeProblem, Title: "管理不规范", Measures: ms},
		}}},
	}
}

func TestNoticeStatesEachMeasureAsItStood(t *testing.T) {
	md := Markdown(Notice(NoticeInput{Outline: stateOutline()}))
	for _, want := range []string{
		"截至2022年9月30日，5项整改举措中，已完成1项，完成率20%；基本完成1项，正在推进1项，超过整改时限尚未完成1项，尚未报送整改进展1项。",
		"一是建立台账。台账已建立。该项举措已完成整改。",
		"二是修订制度。制度已修订印发。该项举措已基本完成，正在审核销号。",
		"三是开展培训。举办培训两期；完成轮训一次。",
		"四是清退资金。已清退部分资金。该项举措已超过整改时限（2022年6月30日），尚未完成整改，正在督促加快推进。",
		"五是完善机制。已明确责任单位和整改时限，整改进展尚待报送审核。",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("notice lacks %q", want)
		}
	}
	for _, bad := range []string{"正在按计划推进", "医政医管科：", "基层卫生健康科："} {
		if strings.Contains(md, bad) {
			t.Errorf("notice says %q:\n%s", bad, md)
		}
	}
}

// Under the omit rule the overdue and unreported measures are left out of
// the progress part and counted as not yet done in the figures.
func TestNoticeOmitsUnfinished(t *testing.T) {
	md := Markdown(Notice(NoticeInput{Outline: stateOutline(), Options: NoticeOptions{Unfinished: UnfinishedOmit}}))
	if !strings.Contains(md, "已完成1项，完成率20%；基本完成1项，正在推进1项，尚未完成2项。") {
		t.Errorf("figures under the omit rule:\n%s", md)
	}
	for _, bad := range []string{"清退资金", "完善机制", "超过整改时限"} {
		if strings.Contains(md, bad) {
			t.Errorf("omit rule: notice still says %q", bad)
		}
	}
	if !strings.Contains(md, "三是开展培训。") {
		t.Errorf("omit rule dropped a measure that goes to plan:\n%s", md)
	}
}

func TestNoticeFiguresPerAspect(t *testing.T) {
	o := sample()
	md := Markdown(Notice(NoticeInput{Outline: o, Options: NoticeOptions{ByAspect: true}}))
	for _, want := range []string{"**（一）政策落实方面**\n\n该方面3项整改举措已完成1项，完成率33.3%。", "该方面3项整改举措已完成0项，完成率0%。"} {
		if !strings.Contains(md, want) {
			t.Errorf("notice lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(Markdown(Notice(NoticeInput{Outline: o})), "该方面") {
		t.Error("figures per aspect written without being asked")
	}
}

func TestParseUnfinishedRule(t *testing.T) {
	for in, want := range map[string]UnfinishedRule{"": UnfinishedState, "state": UnfinishedState, "omit": UnfinishedOmit} {
		if got, err := ParseUnfinishedRule(in); err != nil || got != want {
			t.Errorf("ParseUnfinishedRule(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseUnfinishedRule("hide"); duban.ErrorCode(err) != duban.Invalid {
		t.Errorf("ParseUnfinishedRule(hide): got %v, want invalid", err)
	}
}

// A notice made from a plan imported from a notice ends with that notice's
// contact lines, one a paragraph, unless others are given.
func TestNoticeKeepsImportedContact(t *testing.T) {
	o := stateOutline()
	o.Meta.Contact = "联系电话：0910-0000000\n电子邮箱：xcb@example.gov.cn"
	md := Markdown(Notice(NoticeInput{Outline: o}))
	if !strings.Contains(md, "联系电话：0910-0000000\n\n电子邮箱：xcb@example.gov.cn") || strings.Contains(md, "欢迎广大干部群众") {
		t.Errorf("notice does not end with the imported contact lines:\n%s", md)
	}
	md = Markdown(Notice(NoticeInput{Outline: o, Contact: "联系电话：0910-1111111"}))
	if !strings.Contains(md, "0910-1111111") || strings.Contains(md, "0910-0000000") {
		t.Error("contact given with the request does not replace the imported one")
	}
}

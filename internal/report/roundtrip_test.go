package report

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"duban/internal/docx"
	"duban/internal/duban"
	"duban/internal/notice"
)

// deepOutline has 3 aspects, 9 problems, 2 specific problems and 20 measures.
func deepOutline(kind duban.SourceKind) *duban.Outline {
	o := &duban.Outline{Meta: duban.OutlineMeta{Unit: "中共某市卫生健康委员会党组", Kind: kind, Round: "市委第五轮", Team: "市委第一巡察组",
		OnsiteStart: duban.MustDate("2022-03-01"), OnsiteEnd: duban.MustDate("2022-04-30"), FeedbackDate: duban.MustDate("2022-06-10"), AsOf: duban.MustDate("2022-12-31")}}
	n := 0
	measure := func() *duban.OutlineMeasure {
		n++
		return &duban.OutlineMeasure{Title: fmt.Sprintf("落实第%d项整改举措", n), Progress: fmt.Sprintf("已完成第%d项工作", n), Status: duban.StatusInProgress}
	}
	for a, at := range []string{"政治建设方面", "作风建设方面", "队伍建设方面"} {
		as := &duban.OutlineNode{Kind: duban.NodeAspect, Title: at}
		for p := 0; p < 3; p++ {
			pr := &duban.OutlineNode{Kind: duban.NodeProblem, Title: fmt.Sprintf("%s第%d个问题", strings.TrimSuffix(at, "方面"), p+1)}
			pr.Measures = []*duban.OutlineMeasure{measure(), measure()}
			if a == 0 && p == 0 {
				pr.Measures = nil
				for s := 1; s <= 2; s++ {
					pr.Children = append(pr.Children, &duban.OutlineNode{Kind: duban.NodeSubproblem, Title: fmt.Sprintf("具体问题%d", s),
						Measures: []*duban.OutlineMeasure{measure()}})
				}
			}
			as.Children = append(as.Children, pr)
		}
		o.Aspects = append(o.Aspects, as)
	}
	o.Aspects[2].Children[2].Measures = append(o.Aspects[2].Children[2].Measures, measure(), measure())
	return o
}

// roundTrip renders o as DOCX and Markdown and reads both back.
func roundTrip(t *testing.T, o *duban.Outline) map[string]*notice.Result {
	t.Helper()
	d := Notice(NoticeInput{Outline: o})
	var buf bytes.Buffer
	if err := docx.Write(&buf, d, docx.Options{Fonts: docx.DefaultFonts()}); err != nil {
		t.Fatal(err)
	}
	out := map[string]*notice.Result{}
	for name, data := range map[string][]byte{"notice.docx": buf.Bytes(), "notice.md": []byte(Markdown(d))} {
		res, err := notice.ReadFile(name, data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[name] = res
	}
	return out
}

func counts(o *duban.Outline) string {
	a, p, s, m := o.Counts()
	return fmt.Sprintf("%d/%d/%d/%d", a, p, s, m)
}

// Specific problems survive a notice: written as （1）（2） under their
// problem, read back as specific problems, 3/9/2/20 both ways.
func TestNoticeRoundTripSpecificProblems(t *testing.T) {
	o := deepOutline(duban.SourcePatrol)
	if got := counts(o); got != "3/9/2/20" {
		t.Fatalf("fixture counts %s", got)
	}
	md := Markdown(Notice(NoticeInput{Outline: o}))
	for _, want := range []string{"3个方面9个问题、2个具体问题", "（1）关于“具体问题1”的问题", "（2）关于“具体问题2”的问题"} {
		if !strings.Contains(md, want) {
			t.Errorf("notice lacks %q", want)
		}
	}
	for name, res := range roundTrip(t, o) {
		if got := counts(res.Outline); got != "3/9/2/20" {
			t.Errorf("%s: read back %s, want 3/9/2/20", name, got)
		}
		if got, want := shapeString(res.Outline), shapeString(o); got != want {
			t.Errorf("%s tree:\n got %s\nwant %s", name, got, want)
		}
		if len(res.Unplaced) != 0 || len(res.Check()) != 0 {
			t.Errorf("%s: unplaced %v, checks %v", name, res.Unplaced, res.Check())
		}
		if res.Outline.Meta.Kind != duban.SourcePatrol {
			t.Errorf("%s: kind %q, want patrol", name, res.Outline.Meta.Kind)
		}
	}
}

// A notice made from a plan without aspects never speaks of aspects, and
// reads back without any.
func TestNoticeRoundTripFlat(t *testing.T) {
	o := deepOutline(duban.SourcePatrol)
	o.Aspects = o.Aspects[0].Children // the 3 problems, the first with 2 specific problems
	md := Markdown(Notice(NoticeInput{Outline: o}))
	if strings.Contains(md, "方面") {
		t.Errorf("flat notice speaks of aspects:\n%s", md)
	}
	for name, res := range roundTrip(t, o) {
		if got := counts(res.Outline); got != "0/3/2/6" {
			t.Errorf("%s: read back %s, want 0/3/2/6", name, got)
		}
		if len(res.Unplaced) != 0 {
			t.Errorf("%s: unplaced %v", name, res.Unplaced)
		}
	}
}

func shapeString(o *duban.Outline) string {
	var b strings.Builder
	var walk func(ns []*duban.OutlineNode)
	walk = func(ns []*duban.OutlineNode) {
		for _, n := range ns {
			fmt.Fprintf(&b, "[%s %s", n.Kind, n.Title)
			for _, m := range n.Measures {
				b.WriteString(" <" + m.Title + ">")
			}
			walk(n.Children)
			b.WriteString("]")
		}
	}
	walk(o.Aspects)
	return b.String()
}

package store_test

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"duban/internal/demo"
	"duban/internal/docx"
	"duban/internal/duban"
	"duban/internal/notice"
	"duban/internal/report"
	"duban/internal/store"
)

// The demo plan's own notice, imported back into it (by --plan and by
// its source), changes nothing and says so; a notice with one more measure
// and a rewritten progress text adds the measure and leaves every
// assignment, report and status as it was.
func TestNoticeReimportIntoOwnPlan(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		today := duban.DateOf(time.Now().In(duban.ChinaTime))
		loaded, err := demo.Load(ctx, db, today)
		if err != nil {
			t.Fatal(err)
		}
		plan := loaded.PlanID
		doc, err := report.NoticeOf(ctx, db, duban.System, plan, today, "", report.NoticeOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := docx.Write(&buf, doc, docx.Options{Fonts: docx.DefaultFonts()}); err != nil {
			t.Fatal(err)
		}
		md := report.Markdown(doc)
		outlineBefore := outlineJSON(t, db, plan, today)
		assignmentsBefore := allAssignments(t, db, duban.System, plan, today)

		for _, f := range []struct {
			name string
			data []byte
			plan int64
		}{{"通报.docx", buf.Bytes(), plan}, {"通报.md", []byte(md), plan}, {"通报.md", []byte(md), 0}} {
			res := readNotice(t, f.name, f.data)
			for _, dry := range []bool{true, false} {
				got, err := db.ImportOutline(ctx, duban.System, res.Outline, store.ImportOptions{PlanID: f.plan, Notice: true, DryRun: dry})
				if err != nil {
					t.Fatalf("%s (plan %d, dry run %v): %v", f.name, f.plan, dry, err)
				}
				if !got.NoChange || got.PlanID != plan || len(got.Changes) != 0 || sum(got.Created)+sum(got.Updated) != 0 || got.Unchanged["measures"] != 23 {
					t.Errorf("%s (plan %d, dry run %v): got %+v, want no change to plan %d with its 23 measures unchanged", f.name, f.plan, dry, got, plan)
				}
			}
		}
		if got := outlineJSON(t, db, plan, today); got != outlineBefore {
			t.Errorf("an unchanged notice changed the plan")
		}

		// One more measure under the first problem, and another progress text.
		first := "**1.关于“落实创新驱动发展政治责任不够到位”的问题**\n\n"
		i := strings.Index(md, first)
		if i < 0 {
			t.Fatalf("notice lacks the first problem:\n%s", md)
		}
		body := md[i+len(first):]
		para, rest, _ := strings.Cut(body, "\n")
		changed := md[:i+len(first)] + strings.Replace(para, "正在持续推进。", "本月又开展一次专题研讨。", 1) +
			"三是建立创新驱动发展专题学习长效机制。每季度至少开展一次专题学习。\n" + rest
		res := readNotice(t, "通报.md", []byte(changed))
		got, err := db.ImportOutline(ctx, duban.System, res.Outline, store.ImportOptions{PlanID: plan, Notice: true})
		if err != nil {
			t.Fatal(err)
		}
		if got.NoChange || got.Created["measures"] != 1 || got.Created["assignments"] != 1 || sum(got.Updated) != 0 || got.Unchanged["measures"] != 23 {
			t.Errorf("changed notice: got %+v, want 1 measure (1 assignment) created and 23 unchanged", got)
		}
		after := allAssignments(t, db, duban.System, plan, today)
		if len(after) != len(assignmentsBefore)+1 {
			t.Fatalf("got %d assignments, want %d", len(after), len(assignmentsBefore)+1)
		}
		kept := map[int64]duban.Assignment{}
		for _, a := range after {
			kept[a.ID] = a
		}
		for _, a := range assignmentsBefore {
			if b, ok := kept[a.ID]; !ok || !reflect.DeepEqual(a, b) {
				t.Errorf("assignment %d changed:\n was %+v\n now %+v", a.ID, a, b)
			}
		}
		o, err := db.Outline(ctx, duban.System, plan, 0, today)
		if err != nil {
			t.Fatal(err)
		}
		// A file that moves an assigned measure to another unit is refused,
		// naming the measure and what would change; nothing is written.
		moved := o.Aspects[0].Children[0].Measures[0]
		title, lead := moved.Title, moved.LeadUnit
		moved.LeadUnit, moved.CoopUnits = "省统计局", nil
		_, err = db.ImportOutline(ctx, duban.System, o, store.ImportOptions{PlanID: plan})
		if duban.ErrorCode(err) != duban.Conflict || !strings.Contains(duban.ErrorMessage(err), "举措“"+title+"”（责任单位）") {
			t.Errorf("moving an assigned measure: got %v, want a conflict naming “%s” and its units", err, title)
		}
		moved.LeadUnit = lead
		if got := outlineJSON(t, db, plan, today); got == outlineBefore {
			t.Errorf("the changed notice's new measure is gone")
		}
		ms := o.Aspects[0].Children[0].Measures
		if len(ms) != 3 || ms[2].Title != "建立创新驱动发展专题学习长效机制" || ms[2].Content != "每季度至少开展一次专题学习。" {
			t.Errorf("first problem's measures: got %d, last %+v; want the new one third", len(ms), ms[len(ms)-1])
		}
	})
}

func readNotice(t *testing.T, name string, data []byte) *notice.Result {
	t.Helper()
	res, err := notice.ReadFile(name, data)
	if err != nil {
		t.Fatal(err)
	}
	if a, p, _, m := res.Outline.Counts(); len(res.Unplaced) != 0 || a != 4 || p != 12 || m < 23 {
		t.Fatalf("%s read as %d/%d/%d, unplaced %v", name, a, p, m, res.Unplaced)
	}
	return res
}

func outlineJSON(t *testing.T, db *store.DB, plan int64, day duban.Date) string {
	t.Helper()
	o, err := db.Outline(context.Background(), duban.System, plan, 0, day)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(o)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

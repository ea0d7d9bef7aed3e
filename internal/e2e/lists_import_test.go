package e2e

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"
)

// A plan kept as three lists (问题清单, 任务清单, 责任清单 on sheets of their
// own, joined by number) imported in the browser: the preview counts the
// problems and measures the lists join into and warns of the problem no
// task answers, at its own cell; confirming writes the plan, each measure
// under its problem.
func TestThreeListsImport(t *testing.T) {
	s := newSite(t)
	file := filepath.Join(t.TempDir(), "三张清单.xlsx")
	f := excelize.NewFile()
	sheets := []struct {
		name string
		rows [][]any
	}{
		{"问题清单", [][]any{
			{"中共陕西省委科技工委关于省委第三巡视组反馈意见的整改问题清单"},
			{"序号", "问题类别", "问题描述"},
			{1, "党的建设方面", "基层党组织组织生活不规范"},
			{2, "作风建设方面", "督查检查考核过多过频"},
			{3, "作风建设方面", "会议材料篇幅过长"},
		}},
		{"任务清单", [][]any{
			{"序号", "问题序号", "整改任务", "整改目标"},
			{1, 1, "规范三会一课制度执行", "支部组织生活全部规范"},
			{2, 1, "开展支部书记轮训", "年内轮训全覆盖"},
			{3, 2, "统筹压减督查检查考核事项", "事项减少三成"},
		}},
		{"责任清单", [][]any{
			{"序号", "任务序号", "责任领导", "牵头单位", "配合单位", "完成时限"},
			{1, 1, "张三", "机关党委", "", "2027年3月31日"},
			{2, 2, "张三", "机关党委", "人事处", "2027年6月30日"},
			{3, 3, "李四", "办公室", "", "长期坚持"},
		}},
	}
	for i, sh := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", sh.name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(sh.name); err != nil {
			t.Fatal(err)
		}
		for r, row := range sh.rows {
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			if err := f.SetSheetRow(sh.name, cell, &row); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := f.SaveAs(file); err != nil {
		t.Fatal(err)
	}
	s.login("zgb", "duban-demo")
	s.open("/documents")
	s.do(chromedp.WaitVisible(chromedp.ID("d-file")), chromedp.SetUploadFiles(chromedp.ID("d-file"), []string{file}))
	s.follow(chromedp.Submit(chromedp.ID("d-file")))
	got := strings.Join(strings.Fields(s.text("#preview")), " ")
	for _, want := range []string{"尚未写入", "2 方面", "2 问题", "3 整改举措", "问题清单 · 第 5 行 · C（问题描述）：任务清单中没有对应这个问题的整改任务", "任务清单：已按序号合并读取“问题清单”“任务清单”“责任清单”"} {
		if !strings.Contains(got, want) {
			t.Errorf("preview lacks %q: %q", want, got)
		}
	}
	s.checkNoOverflow()
	s.screenshot("lists-import-preview")
	s.follow(chromedp.Click("#staged-import button[value='1']"))
	if p := s.path(); !strings.HasPrefix(p, "/plans/") {
		t.Fatalf("after confirming: at %s, want the new plan", p)
	}
	if got := s.text("main"); !strings.Contains(got, "基层党组织组织生活不规范") || !strings.Contains(got, "督查检查考核过多过频") {
		t.Errorf("the new plan's page lacks its problems: %q", got)
	}
	s.screenshot("lists-import-plan")
}

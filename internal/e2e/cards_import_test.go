package e2e

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"
)

// A ledger of cards (巡察反馈问题整改归零表) imported in the browser: the
// preview counts its problems and measures, names the label it does not
// know at its cell, and confirming writes the plan with its units.
func TestCardsLedgerImport(t *testing.T) {
	s := newSite(t)
	file := filepath.Join(t.TempDir(), "归零表.xlsx")
	f := excelize.NewFile()
	rows := [][]any{
		{"中共陕西省委科技工委巡察反馈问题整改归零表"},
		{"问题序号", 1, "责任部门（人）", "机关党委（张三）"},
		{"巡察反馈问题", "公务接待管理不规范，部分接待未附公函。"},
		{"问题产生根本原因", "制度执行不严。"},
		{"针对根本原因制定的归零措施", "1.修订公务接待管理办法；2.开展专项检查。"},
		{"完成时限", "2027年6月30日"},
		{"问题序号", 2, "责任部门（人）", "办公室（李四）"},
		{"巡察反馈问题", "固定资产账实不符。"},
		{"针对根本原因制定的归零措施", "开展资产清查，建立台账。"},
		{"完成时限", "2027年9月30日"},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SaveAs(file); err != nil {
		t.Fatal(err)
	}
	s.login("zgb", "duban-demo")
	s.open("/documents")
	s.do(chromedp.WaitVisible(chromedp.ID("d-file")), chromedp.SetUploadFiles(chromedp.ID("d-file"), []string{file}))
	s.follow(chromedp.Submit(chromedp.ID("d-file")))
	// The title names no unit before 关于: the clerk chooses it and
	// previews again without a second upload.
	s.do(chromedp.SetValue(chromedp.ID("pv-owner"), "中共陕西省委科技工委"))
	s.follow(chromedp.Click("#staged-import button[value='0']"))
	got := strings.Join(strings.Fields(s.text("#preview")), " ")
	for _, want := range []string{"尚未写入", "2 问题", "3 整改举措", "巡察", "A（问题产生根本原因）：未识别的列，其内容不会导入"} {
		if !strings.Contains(got, want) {
			t.Errorf("preview lacks %q: %q", want, got)
		}
	}
	s.checkNoOverflow()
	s.screenshot("cards-import-preview")
	s.follow(chromedp.Click("#staged-import button[value='1']"))
	if p := s.path(); !strings.HasPrefix(p, "/plans/") {
		t.Fatalf("after confirming: at %s, want the new plan", p)
	}
	if got := s.text("main"); !strings.Contains(got, "固定资产账实不符") || !strings.Contains(got, "公务接待管理不规范") {
		t.Errorf("the new plan's page lacks its problems: %q", got)
	}
	s.screenshot("cards-import-plan")
}

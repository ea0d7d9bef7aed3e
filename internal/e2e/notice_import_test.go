package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The notice import in the browser, at 1366×768 and 390×844: a notice that
// names no unit is previewed with the question and the file kept on the
// page; choosing the unit and previewing again needs no second upload and
// warns that the progress the notice gives is not imported; confirming
// writes the plan.
func TestNoticeImportStaged(t *testing.T) {
	for _, size := range []struct {
		name          string
		width, height int64
	}{{"desk", 1366, 768}, {"phone", 390, 844}} {
		t.Run(size.name, func(t *testing.T) {
			s := newSite(t)
			if size.width < 600 {
				s.do(chromedp.EmulateViewport(size.width, size.height, chromedp.EmulateMobile, chromedp.EmulatePortrait))
			}
			file := filepath.Join(t.TempDir(), "通报.txt")
			text := "关于巡察整改进展情况的通报\n\n一、关于“学习不深入”的问题\n\n一是健全学习制度。二是开展专题研讨。\n\n" +
				"二、关于“作风不扎实”的问题\n\n整改措施：精简会议文件。整改情况：已完成。\n"
			if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			s.login("zgb", "duban-demo")
			s.open("/documents")
			s.do(chromedp.WaitVisible(chromedp.ID("d-file")), chromedp.SetUploadFiles(chromedp.ID("d-file"), []string{file}))
			s.follow(chromedp.Submit(chromedp.ID("d-file")))
			if got := s.text("#preview"); !strings.Contains(got, "无法确定整改责任单位") || !strings.Contains(got, "无需重新上传") {
				t.Fatalf("preview: %q", got)
			}
			if s.count("#staged-import button[value='1']") != 0 {
				t.Error("a notice without a unit can be confirmed")
			}
			s.checkNoOverflow()
			s.screenshot("notice-import-staged-" + size.name)
			s.do(chromedp.SetValue(chromedp.ID("pv-owner"), "中共陕西省委科技工委"))
			s.follow(chromedp.Click("#staged-import button[value='0']"))
			if got := s.text("#preview"); !strings.Contains(got, "尚未写入") {
				t.Fatalf("preview again: %q", got)
			}
			// The notice's progress cannot be kept (no unit is named for the
			// measure): the preview says so rather than dropping it.
			if got := s.text("#import-warnings"); !strings.Contains(got, "“精简会议文件”的整改进展未导入（其中1项写明已完成）") {
				t.Errorf("preview warnings: %q", got)
			}
			s.checkNoOverflow()
			s.screenshot("notice-import-ready-" + size.name)
			s.follow(chromedp.Click("#staged-import button[value='1']"))
			if p := s.path(); !strings.HasPrefix(p, "/plans/") {
				t.Errorf("after confirming: at %s, want the new plan", p)
			}
		})
	}
}

package web

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"testing"
	"time"

	"duban/internal/duban"
)

// heldUpload finds the token a preview page holds its file under.
var heldUpload = regexp.MustCompile(`<input type="hidden" name="upload" value="([0-9a-f]{32})">`)

// The import page: the plan's own notice imported back says 无变化 and
// offers nothing to confirm; a file the page cannot place stays on the page
// (no second upload) while the user chooses the unit; a party group's
// notice is taken for the 厅 that exists, and the preview says so.
func TestImportPageStagedAndUnchanged(t *testing.T) {
	e := newAdmEnv(t)
	zgb := e.as(t, "zgb")
	today := duban.DateOf(time.Now().In(duban.ChinaTime))
	st, md := zgb.get(fmt.Sprintf("/plans/%d/notice.md?asof=%s", e.planID, today))
	zgb.must("notice", st, http.StatusOK, md)
	plans := e.planCount(t)

	st, body, _ := zgb.upload("/documents/import", map[string]string{"plan": strconv.FormatInt(e.planID, 10)}, "通报.md", []byte(md))
	zgb.must("own notice preview", st, http.StatusOK, body)
	admWant(t, body, `id="no-change"`, "无变化：方案已与文件一致")
	admLacks(t, body, "确认导入", "已交办或已有报送")

	// No unit in the text and none chosen: the file stays on the page.
	const anonymous = "关于巡察整改进展情况的通报\n\n一、关于“学习不深入”的问题\n\n一是健全学习制度。二是开展专题研讨。\n"
	st, body, _ = zgb.upload("/documents/import", nil, "通报.txt", []byte(anonymous))
	zgb.must("notice without unit", st, http.StatusUnprocessableEntity, body)
	admWant(t, body, "无法确定整改责任单位", `id="staged-import"`, "无需重新上传")
	m := heldUpload.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("the preview keeps no file: %s", admExcerpt(body))
	}
	if len(body) > 64<<10 {
		t.Errorf("the preview page is %d bytes", len(body))
	}
	form := url.Values{"name": {"通报.txt"}, "upload": {m[1]}, "plan": {"0"}, "owner": {"中共陕西省委科技工委"}, "title": {""},
		"pv_plan": {"0"}, "pv_owner": {""}, "pv_title": {""}, "confirm": {"1"}}
	// Confirming with a unit not yet previewed previews it first.
	st, body, _ = zgb.post("/documents/import", form)
	zgb.must("confirm with a new choice", st, http.StatusOK, body)
	admWant(t, body, "确认导入", "尚未写入")
	if got := e.planCount(t); got != plans {
		t.Fatalf("plans after a changed choice: got %d, want %d", got, plans)
	}
	form.Set("pv_owner", "中共陕西省委科技工委")
	st, body, _ = zgb.post("/documents/import", form)
	zgb.must("confirm", st, http.StatusSeeOther, body)
	if got := e.planCount(t); got != plans+1 {
		t.Fatalf("plans after confirming: got %d, want %d", got, plans+1)
	}
	// The file is let go once imported: the same confirm again asks for it.
	st, body, _ = zgb.post("/documents/import", form)
	zgb.must("the same confirm again", st, http.StatusUnprocessableEntity, body)
	admWant(t, body, "预览的文件已过期")
	// Another user cannot use a token either.
	st, body, _ = zgb.upload("/documents/import", map[string]string{"owner": "中共陕西省委科技工委"}, "通报.txt", []byte(anonymous))
	zgb.must("preview again", st, http.StatusOK, body)
	m = heldUpload.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("the preview keeps no file: %s", admExcerpt(body))
	}
	other := url.Values{"name": {"通报.txt"}, "upload": {m[1]}, "plan": {"0"}, "owner": {"中共陕西省委科技工委"}, "confirm": {"1"}}
	admin := e.as(t, "admin")
	st, body, _ = admin.post("/documents/import", other)
	admin.must("another user's token", st, http.StatusUnprocessableEntity, body)
	admWant(t, body, "预览的文件已过期")
	// The file sent back itself, imported again into that plan: 无变化 on confirm too.
	form.Del("upload")
	form.Set("data", base64.StdEncoding.EncodeToString([]byte(anonymous)))
	st, body, _ = zgb.post("/documents/import", form)
	zgb.must("confirm again", st, http.StatusSeeOther, body)
	if got := e.planCount(t); got != plans+1 {
		t.Fatalf("plans after confirming twice: got %d, want %d", got, plans+1)
	}

	const party = "中共陕西省农业农村厅党组关于十三届省委第十一轮巡视整改进展情况的通报\n\n" +
		"2021年8月26日，省委第一巡视组向中共陕西省农业农村厅党组反馈了巡视意见。\n\n一、关于“农技推广不够有力”的问题\n\n一是建立农技推广台账。二是开展农技人员轮训。\n"
	st, body, _ = admin.upload("/documents/import", nil, "通报.txt", []byte(party))
	admin.must("party group notice", st, http.StatusOK, body)
	admWant(t, body, `id="matched-units"`, "中共陕西省农业农村厅党组 → 陕西省农业农村厅", "确认导入")
	admLacks(t, body, "将新建单位")
}

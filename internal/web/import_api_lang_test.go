package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"duban/internal/duban"
)

// TestImportPreviewAPIInEnglish: the import API's preview gives the reader's
// reasons and the importer's warnings in English when Accept-Language asks
// for it, and in Chinese otherwise; a ledger with a bad cell lists it either
// way and writes nothing.
func TestImportPreviewAPIInEnglish(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *testDB) {
		e := newDemoEnv(t, db)
		before := len(listAll[duban.Plan](t, e, "admin", "/api/v1/plans"))
		header := []any{"序号", "方面", "问题", "整改措施", "责任单位", "配合单位", "责任领导", "责任人", "完成时限", "备注"}
		good := ledgerOf(t, [][]any{{"审计发现问题整改台账"}, header,
			{1, "一、预算管理方面", "1.预算执行偏慢", "加快预算执行", "省财政厅", nil, nil, nil, "2025年10月4日", "已督促"},
		})
		bad := ledgerOf(t, [][]any{{"审计发现问题整改台账"}, header,
			{1, "一、预算管理方面", "1.预算执行偏慢", "加快预算执行", "省财政厅", nil, nil, nil, "下个月吧", nil},
		})
		path := "/api/v1/imports/ledger?dry_run=true&owner=" + url.QueryEscape("中共陕西省委科技工委") + "&title=" + url.QueryEscape("审计整改方案")
		octet := map[string]string{"Content-Type": "application/octet-stream"}
		english := map[string]string{"Content-Type": "application/octet-stream", "Accept-Language": "en-GB,en;q=0.9,zh;q=0.5"}
		for _, c := range []struct {
			file    []byte
			headers map[string]string
			want    []string
			lacks   []string
		}{
			{good, english, []string{"Remarks (1 in the column) are not imported", "The deadline of measure “加快预算执行”, 4 Oct 2025, is a rest day"}, []string{"备注不会导入", "是休息日"}},
			{good, octet, []string{"备注", "不会导入", "是休息日"}, []string{"is a rest day"}},
			{bad, english, []string{"The deadline “下个月吧” is not understood"}, []string{"无法识别"}},
			{bad, octet, []string{"无法识别的完成时限“下个月吧”"}, []string{"not understood"}},
		} {
			r := e.mustDo(t, "admin", "POST", path, string(c.file), c.headers, http.StatusOK)
			for _, w := range c.want {
				if !strings.Contains(string(r.Body), w) {
					t.Errorf("%s: preview lacks %q: %s", c.headers["Accept-Language"], w, r.Body)
				}
			}
			for _, w := range c.lacks {
				if strings.Contains(string(r.Body), w) {
					t.Errorf("%s: preview holds %q: %s", c.headers["Accept-Language"], w, r.Body)
				}
			}
		}
		if n := len(listAll[duban.Plan](t, e, "admin", "/api/v1/plans")); n != before {
			t.Errorf("plans after dry runs: %d, want %d as before", n, before)
		}
	})
}

// TestImportCardsAPI: a ledger of cards (巡察反馈问题整改归零表) imports
// through the API as a table would: its problems and measures with their
// units and people, the unknown label named at its cell as a warning (in
// English when asked), and the plan listed afterwards.
func TestImportCardsAPI(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *testDB) {
		e := newDemoEnv(t, db)
		file := ledgerOf(t, [][]any{
			{"中共某县水利局党组巡察反馈问题整改归零表"},
			{"问题序号", 1, "责任部门（人）", "办公室（张三）"},
			{"巡察反馈问题", "公务接待管理不规范。"},
			{"问题产生根本原因", "制度执行不严。"},
			{"针对根本原因制定的归零措施", "1.修订公务接待管理办法；2.开展专项检查。"},
			{"完成时限", "2027年6月30日"},
			{"问题序号", 2, "责任部门（人）", "计划财务股（李四）"},
			{"巡察反馈问题", "固定资产账实不符。"},
			{"针对根本原因制定的归零措施", "开展资产清查，建立台账。"},
			{"完成时限", "2027年9月30日"},
		})
		path := "/api/v1/imports/ledger?owner=" + url.QueryEscape("县水利局") + "&title=" + url.QueryEscape("水利局巡察整改方案")
		r := e.mustDo(t, "admin", "POST", path+"&dry_run=true", string(file), map[string]string{"Content-Type": "application/octet-stream", "Accept-Language": "en"}, http.StatusOK)
		if !strings.Contains(string(r.Body), `"row":4,"column":"A（问题产生根本原因）","reason":"Column not recognised`) {
			t.Errorf("English preview: want the unknown label named at A4, in English: %s", r.Body)
		}
		var res struct {
			Result struct {
				Created map[string]int `json:"created"`
			} `json:"result"`
		}
		r = e.mustDo(t, "admin", "POST", path, string(file), map[string]string{"Content-Type": "application/octet-stream"}, http.StatusCreated)
		if err := json.Unmarshal(r.Body, &res); err != nil {
			t.Fatal(err)
		}
		if c := res.Result.Created; c["problems"] != 2 || c["measures"] != 3 || c["assignments"] != 3 {
			t.Errorf("created %v, want 2 problems, 3 measures, 3 assignments", c)
		}
		var found bool
		for _, p := range listAll[duban.Plan](t, e, "admin", "/api/v1/plans") {
			found = found || p.Title == "水利局巡察整改方案"
		}
		if !found {
			t.Error("the imported plan is not listed")
		}
	})
}

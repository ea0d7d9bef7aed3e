package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"duban/internal/store"
)

// flatNotice is a 巡察 notice whose problems are numbered 一、二、 with no
// aspect above them.
const flatNotice = `中共某县文化旅游局党组
关于县委第三轮巡察整改情况的通报
根据县委统一部署，2023年3月1日至4月15日，县委第二巡察组对某县文化旅游局党组开展了巡察。2023年5月20日，县委第二巡察组向局党组反馈了巡察意见。现将整改情况通报如下。
一、关于“理论学习流于形式”的问题
一是制定学习计划。二是开展专题研讨。
二、关于“项目资金监管不严”的问题
开展资金专项检查。
中共某县文化旅游局党组
2023年8月31日
`

// The dry run of a flat notice reports no aspect, its kind, and would
// create none.
func TestImportFlatNoticeDryRun(t *testing.T) {
	dir := t.TempDir()
	db, err := store.Open(context.Background(), filepath.Join(dir, "duban.db"))
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	file := filepath.Join(dir, "通报.txt")
	if err := os.WriteFile(file, []byte(flatNotice), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := run(t, "import", "notice", file, "--dry-run", "--json", "--data", dir)
	if code != 0 {
		t.Fatalf("import: code %d, stderr %s", code, errOut)
	}
	var rep struct {
		Aspects, Problems, Measures int
		Kind                        string
		Result                      struct{ Created map[string]int }
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if rep.Aspects != 0 || rep.Problems != 2 || rep.Measures != 3 || rep.Kind != "patrol" {
		t.Errorf("dry run: got %+v, want 0 aspects, 2 problems, 3 measures, kind patrol", rep)
	}
	if rep.Result.Created["aspects"] != 0 || rep.Result.Created["problems"] != 2 {
		t.Errorf("dry run would create %v", rep.Result.Created)
	}
}

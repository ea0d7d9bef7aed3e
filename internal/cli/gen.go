package cli

import (
	"context"
	"encoding/json"
	"flag"
	"io"
	"time"

	"duban/internal/duban"
	"duban/internal/store"
)

// runGen runs "duban gen": one generated plan in an empty database, for
// trying duban at scale and for load tests. It prints what it made as JSON.
func runGen(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	c := dbFlags(fs)
	shape := store.GenShape{Aspects: 10, ProblemsPerAspect: 20}
	fs.IntVar(&shape.Tasks, "tasks", 1000, "整改任务数")
	fs.IntVar(&shape.Units, "units", 100, "责任单位数")
	fs.IntVar(&shape.Aspects, "aspects", shape.Aspects, "方面数")
	fs.IntVar(&shape.ProblemsPerAspect, "problems", shape.ProblemsPerAspect, "每个方面的问题数")
	fs.Uint64Var(&shape.Seed, "seed", 1, "随机种子：相同种子与日期生成相同数据")
	today := fs.String("today", "", "数据围绕的日期（默认今天）")
	if err := fs.Parse(reorder(args)); err != nil {
		return err
	}
	shape.Today = duban.DateOf(time.Now().In(duban.ChinaTime))
	if *today != "" {
		d, err := duban.ParseDate(*today)
		if err != nil {
			return err
		}
		shape.Today = d
	}
	db, err := openStore(ctx, c)
	if err != nil {
		return err
	}
	defer finish(ctx, db)
	db.SetOneCommand()
	loadGC()
	g, err := db.Generate(ctx, shape)
	if err != nil {
		return err
	}
	return json.NewEncoder(stdout).Encode(g)
}

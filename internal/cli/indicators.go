package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"duban/internal/duban"
	"duban/internal/store"
	"duban/internal/xlsx"
)

// runImportIndicators runs "duban import indicators FILE": a monitoring
// workbook, all or nothing.
func runImportIndicators(ctx context.Context, args []string, stdout io.Writer) error {
	f, fs, open, err := parseImport("import indicators", args)
	if err != nil {
		return err
	}
	data, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		return fmt.Errorf("读取文件：%w", err)
	}
	book, err := xlsx.ReadFigures(bytes.NewReader(data))
	if err != nil {
		return err
	}
	db, err := open.opening(ctx, f.dryRun)()
	if err != nil {
		return err
	}
	defer db.Close()
	res, ok, err := db.ImportFigures(ctx, duban.System, book, store.FigureImportOptions{DryRun: f.dryRun, Reason: f.reason})
	if err != nil {
		return describe(err)
	}
	if f.asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(res); err != nil {
			return err
		}
	} else {
		printFigureImport(stdout, res, ok, f.dryRun)
	}
	if !ok {
		return fmt.Errorf("文件被拒绝：%d 处有误，未写入任何数据", len(res.Errors))
	}
	return nil
}

func printFigureImport(w io.Writer, res *store.FigureImport, ok, dry bool) {
	fmt.Fprintf(w, "指标 %s：%d 个单位、%d 个期间、%d 个数据\n", res.Indicator, res.Units, res.Periods, res.Values)
	for _, e := range res.Errors {
		fmt.Fprintf(w, "拒绝：%s：%s\n", cellAt(e.Sheet, e.Row, e.Column), e.Reason)
	}
	for _, e := range res.Warnings {
		fmt.Fprintf(w, "提示：%s：%s\n", cellAt(e.Sheet, e.Row, e.Column), e.Reason)
	}
	for _, b := range res.Breaches {
		mended := ""
		if b.Mended {
			mended = "（当年此后累计已恢复）"
		}
		fmt.Fprintf(w, "预警：%s %s %s：%v，对照 %v%s\n", b.Unit, b.Period, b.Rule, b.Value, b.Baseline, mended)
	}
	switch {
	case ok && dry:
		fmt.Fprintln(w, "试运行：未写入")
	case ok:
		fmt.Fprintln(w, "已写入")
	}
}

// runExportIndicators runs "duban export indicators": an indicator's
// figures in the wide layout the import reads.
func runExportIndicators(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("export indicators", flag.ContinueOnError)
	c := dbFlags(fs)
	code := fs.String("indicator", "", "指标代码或名称")
	years := fs.String("years", "", "年份，逗号分隔；默认为有数据的各年")
	out := fs.String("o", "", "输出文件，默认 indicator-<代码>.xlsx")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *code == "" {
		return errors.New("用法：duban export indicators --indicator 代码 [--years 2024,2025] [-o FILE.xlsx]")
	}
	db, err := openStore(ctx, c)
	if err != nil {
		return err
	}
	defer db.Close()
	x, err := db.FindIndicatorByName(ctx, duban.System, *code)
	if err != nil {
		return describe(err)
	}
	var ys []int
	for _, y := range strings.Split(*years, ",") {
		if n, err := strconv.Atoi(strings.TrimSpace(y)); err == nil {
			ys = append(ys, n)
		}
	}
	tbl, err := db.FigureTable(ctx, duban.System, x.ID, ys)
	if err != nil {
		return describe(err)
	}
	var buf bytes.Buffer
	if err := xlsx.WriteFigures(&buf, *tbl, x.Aggregation != duban.AggRatio); err != nil {
		return err
	}
	name := *out
	if name == "" {
		name = "indicator-" + x.Code + ".xlsx"
	}
	if err := os.WriteFile(name, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("写入文件：%w", err)
	}
	fmt.Fprintf(stdout, "已导出 %s（%d 个单位，%d 年）\n", name, len(tbl.Units), len(tbl.Years))
	return nil
}

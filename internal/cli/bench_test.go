package cli

// Benchmarks of the documents of a national-scale plan (issue 11): the
// ledger export of 150,000 measures, the notice of a 100,000-measure plan
// and the import of a 10,000-row ledger, on SQLite and, when
// DUBAN_TEST_POSTGRES is set, on PostgreSQL. Each builds its plan with the
// store's generator first (tens of seconds), so that normal test runs never
// do: run them with -run '^$' -bench. Besides the time they report the
// process's peak resident set while the operation ran (peak-MB). See
// BENCHMARKS.md for the figures.

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"duban/internal/docx"
	"duban/internal/duban"
	"duban/internal/report"
	"duban/internal/store"
	"duban/internal/store/storetest"
	"duban/internal/xlsx"
)

// benchToday is the day the generated plans are made around and read as of.
var benchToday = duban.NewDate(2026, time.June, 15)

// benchShape is a generated plan of n measures over 100 units.
func benchShape(n int) store.GenShape {
	return store.GenShape{Units: 100, Aspects: 10, ProblemsPerAspect: 20, Tasks: n, Seed: 1, Today: benchToday}
}

// benchDBs generates a plan of shape on SQLite and on PostgreSQL (when
// DUBAN_TEST_POSTGRES is set) and runs fn on each as a sub-benchmark, on a
// store opened afresh on the data, as a server would be.
func benchDBs(b *testing.B, shape store.GenShape, fn func(b *testing.B, db *store.DB, g *store.Generated)) {
	ctx := context.Background()
	run := func(b *testing.B, dsn string) {
		db, err := store.Open(ctx, dsn)
		if err != nil {
			b.Fatal(err)
		}
		g, err := db.Generate(ctx, shape)
		db.Close()
		if err != nil {
			b.Fatal(err)
		}
		if db, err = store.Open(ctx, dsn); err != nil {
			b.Fatal(err)
		}
		defer db.Close()
		// The benchmarks' day, with the clock running: every write
		// transaction stamps its rows with its own time, as in service (a
		// stopped clock made each import's seal read every row the earlier
		// ones had stamped with the same time).
		start, day := time.Now(), time.Date(2026, time.June, 15, 10, 0, 0, 0, duban.ChinaTime)
		db.Now = func() time.Time { return day.Add(time.Since(start)) }
		fn(b, db, g)
	}
	b.Run("sqlite", func(b *testing.B) { run(b, filepath.Join(b.TempDir(), "duban.db")) })
	b.Run("postgres", func(b *testing.B) {
		dsn := os.Getenv("DUBAN_TEST_POSTGRES")
		if dsn == "" {
			b.Skip("DUBAN_TEST_POSTGRES is not set: the PostgreSQL run is skipped")
		}
		run(b, storetest.PostgresSchema(b, dsn, "bench"))
	})
}

// peakRSS runs op and reports the process's peak resident set while op ran,
// in MB, as peak-MB: memory freed before is returned to the system and the
// kernel's high-water mark reset first (Linux; elsewhere nothing is reported).
func peakRSS(b *testing.B, op func()) {
	debug.FreeOSMemory()
	reset := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
	op()
	if reset != nil {
		return
	}
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			b.ReportMetric(float64(kb)/1024, "peak-MB")
		}
	}
}

// exportLedger writes the plan's ledger as the API does.
func exportLedger(ctx context.Context, db *store.DB, planID int64, w io.Writer) error {
	return db.ScanOutline(ctx, duban.System, store.OutlineFilter{PlanID: planID}, func(o *duban.Outline, scan duban.OutlineScan) error {
		return xlsx.WriteLedgerScan(w, o, scan, xlsx.WriteOptions{Title: duban.LedgerTitle(o.Meta.Title), AsOf: o.Meta.AsOf})
	})
}

// BenchmarkLedgerExport exports the ledger of a plan of 150,000 measures.
// The file is checked once: below the title, 截至 and header rows, one
// sheet row per measure and per problem without measures.
func BenchmarkLedgerExport(b *testing.B) {
	benchDBs(b, benchShape(150_000), func(b *testing.B, db *store.DB, g *store.Generated) {
		ctx := context.Background()
		var buf bytes.Buffer
		if err := exportLedger(ctx, db, g.PlanID, &buf); err != nil {
			b.Fatal(err)
		}
		o, err := db.Outline(ctx, duban.System, g.PlanID, 0, duban.Date{})
		if err != nil {
			b.Fatal(err)
		}
		_, _, _, measures := o.Counts()
		empty := 0 // problems without measures: a row each
		for _, a := range o.Aspects {
			for _, p := range a.Children {
				if len(p.Measures) == 0 && len(p.Children) == 0 {
					empty++
				}
			}
		}
		if rows := countSheetRows(b, buf.Bytes()); measures != g.Tasks || rows != measures+empty+3 {
			b.Fatalf("the ledger has %d rows for %d measures (%d generated) and %d problems without any, want one each and 3 title and header rows",
				rows, measures, g.Tasks, empty)
		}
		peakRSS(b, func() {
			for b.Loop() {
				buf.Reset()
				if err := exportLedger(ctx, db, g.PlanID, &buf); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.ReportMetric(float64(buf.Len())/1e6, "file-MB")
	})
}

// countSheetRows counts the rows of the first sheet of a workbook, reading
// it a row at a time.
func countSheetRows(b *testing.B, file []byte) int {
	b.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(file))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	rows, err := f.Rows(f.GetSheetName(0))
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
	}
	return n
}

// BenchmarkLedgerImport imports a 10,000-row ledger (the export of a
// generated plan of 10,000 measures) as a new plan, reading the file
// included; each round makes a plan of its own title. The first import is
// checked: every measure and assignment created, every assignment handed
// over.
func BenchmarkLedgerImport(b *testing.B) {
	benchDBs(b, benchShape(10_000), func(b *testing.B, db *store.DB, g *store.Generated) {
		ctx := context.Background()
		var file bytes.Buffer
		if err := exportLedger(ctx, db, g.PlanID, &file); err != nil {
			b.Fatal(err)
		}
		round := 0
		// As the command line imports: read and written at once (on
		// SQLite; PostgreSQL reads the whole ledger first).
		importOnce := func() *store.ImportResult {
			round++
			feed := duban.NewOutlineFeed()
			read := make(chan error, 1)
			go func() {
				l, err := xlsx.ReadTo(bytes.NewReader(file.Bytes()), feed)
				if err == nil && len(l.Errors) > 0 {
					err = fmt.Errorf("%v", l.Errors)
				}
				read <- err
			}()
			res, err := db.ImportFeed(ctx, duban.System, feed, store.ImportOptions{Owner: "单位001", PlanTitle: "导入测试方案" + strconv.Itoa(round)})
			if rerr := <-read; rerr != nil {
				b.Fatalf("read the ledger: %v", rerr)
			}
			if err != nil {
				b.Fatal(err)
			}
			return res
		}
		res := importOnce()
		if c := res.Created; c["measures"] != g.Tasks || c["assignments"] != g.Assignments || c["assigned"] != g.Assignments {
			b.Fatalf("created %v, want %d measures and %d assignments, all assigned", c, g.Tasks, g.Assignments)
		}
		peakRSS(b, func() {
			for b.Loop() {
				importOnce()
			}
		})
	})
}

// BenchmarkNotice composes the progress notice of a plan of 100,000
// measures and writes it as DOCX. The notice is checked once: it counts
// every measure.
func BenchmarkNotice(b *testing.B) {
	benchDBs(b, benchShape(100_000), func(b *testing.B, db *store.DB, g *store.Generated) {
		ctx := context.Background()
		var buf bytes.Buffer
		notice := func() *duban.Document {
			doc, err := report.NoticeOf(ctx, db, duban.System, g.PlanID, benchToday, "", report.NoticeOptions{})
			if err != nil {
				b.Fatal(err)
			}
			buf.Reset()
			if err := docx.Write(&buf, doc, docx.Options{Fonts: docx.DefaultFonts()}); err != nil {
				b.Fatal(err)
			}
			return doc
		}
		want := "逐条制定" + strconv.Itoa(g.Tasks) + "项整改举措"
		if doc := notice(); !strings.Contains(report.Markdown(doc), want) {
			b.Fatalf("the notice does not say %s", want)
		}
		peakRSS(b, func() {
			for b.Loop() {
				notice()
			}
		})
		b.ReportMetric(float64(buf.Len())/1e6, "file-MB")
	})
}

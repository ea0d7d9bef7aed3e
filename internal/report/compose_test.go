package report

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"duban/internal/duban"
	"duban/internal/store"
	"duban/internal/store/storetest"
)

// NoticeOf reads a plan's measures a batch at a time and keeps only each
// measure's sentence; the notice it composes is the one composed from the
// whole outline read at once, word for word, under every option, on both
// databases.
func TestNoticeOfMatchesWholeOutline(t *testing.T) {
	run := func(t *testing.T, dsn string) {
		ctx := context.Background()
		db, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		today := duban.NewDate(2025, 6, 16)
		g, err := db.Generate(ctx, store.GenShape{Units: 6, Aspects: 3, ProblemsPerAspect: 4, Tasks: 120, Seed: 7, Today: today})
		if err != nil {
			t.Fatal(err)
		}
		for _, opt := range []NoticeOptions{{}, {Unfinished: UnfinishedOmit}, {ByAspect: true}} {
			got, err := NoticeOf(ctx, db, duban.System, g.PlanID, today, "", opt)
			if err != nil {
				t.Fatal(err)
			}
			o, err := db.OutlineFor(ctx, duban.System, store.OutlineFilter{PlanID: g.PlanID, AsOf: today, Brief: true})
			if err != nil {
				t.Fatal(err)
			}
			meetings, err := db.MeetingCounts(ctx, duban.System, g.PlanID, today)
			if err != nil {
				t.Fatal(err)
			}
			want := Markdown(Notice(NoticeInput{Outline: o, Meetings: meetings, Options: opt}))
			if md := Markdown(got); md != want {
				t.Errorf("options %+v: the notice read a batch at a time differs from the whole outline's:\n%s\n----\n%s", opt, md, want)
			}
			// The figures are the plan's: every measure counted, some of
			// each state the generator makes.
			if !strings.Contains(want, "120项整改举措中，已完成") || !strings.Contains(want, "逐条制定120项整改举措") {
				t.Errorf("options %+v: the notice does not count the 120 measures:\n%s", opt, want)
			}
		}
	}
	t.Run("sqlite", func(t *testing.T) {
		storetest.SQLite(t)
		run(t, filepath.Join(t.TempDir(), "duban.db"))
	})
	t.Run("postgres", func(t *testing.T) {
		dsn := os.Getenv("DUBAN_TEST_POSTGRES")
		if dsn == "" {
			t.Skip("DUBAN_TEST_POSTGRES is not set: the PostgreSQL run is skipped")
		}
		run(t, storetest.PostgresSchema(t, dsn, "t"))
	})
}

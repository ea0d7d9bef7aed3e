package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"duban/internal/duban"
	"duban/internal/store"
)

// TestLedgerLevels: the ledger of a plan too large for its whole tree shows
// the aspects with roll-ups, each loading its level when opened, and a
// level pages its measures.
func TestLedgerLevels(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "duban.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	g, err := db.Generate(ctx, store.GenShape{Units: 10, Aspects: 3, ProblemsPerAspect: 2, Tasks: 3500, Seed: 6, Today: duban.DateOf(time.Now().In(duban.ChinaTime))})
	if err != nil {
		t.Fatal(err)
	}
	unitOne := int64(1)
	if err := db.CreateUser(ctx, duban.System, &duban.User{Username: "office", DisplayName: "整改办", Role: duban.RoleLead, UnitID: &unitOne}, "duban-demo"); err != nil {
		t.Fatal(err)
	}
	srv := New(db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	c := (&ledgerEnv{db: db, ts: ts, planID: g.PlanID}).login(t, "office")

	page := c.get("/ledger?plan=1", http.StatusOK)
	if len(page) > 300_000 || strings.Count(page, `hx-get="/ledger/level?plan=1&amp;node=`) != 3 || strings.Contains(page, "lg-task") {
		t.Fatalf("ledger of a large plan: %d bytes, %d aspects loading on demand, measures inline: %v", len(page), strings.Count(page, "hx-get=\"/ledger/level"), strings.Contains(page, "lg-task"))
	}
	aspect := c.get("/ledger/level?plan=1&node=1", http.StatusOK)
	if strings.Count(aspect, `hx-get="/ledger/level?plan=1&amp;node=`) != 2 {
		t.Errorf("aspect level: want its 2 problems loading on demand:\n%s", ledgerExcerpt(aspect))
	}
	problem := c.get("/ledger/level?plan=1&node=4", http.StatusOK)
	if n := strings.Count(problem, `class="lg-task"`); n != 50 || !strings.Contains(problem, `class="link ln-more"`) || len(problem) > 300_000 {
		t.Errorf("problem level: %d measures (want a page of 50), more button %v, %d bytes", n, strings.Contains(problem, "ln-more"), len(problem))
	}
	c.get("/ledger/level?plan=1&node=0", http.StatusUnprocessableEntity)
}

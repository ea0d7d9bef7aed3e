package web

import (
	"cmp"
	"context"
	"fmt"
	"html"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"duban/internal/duban"
	"duban/internal/store"
	"duban/internal/xlsx"
)

var (
	ledgerTotalRe = regexp.MustCompile(`共 (\d+) 项`)
	ledgerIDRe    = regexp.MustCompile(`href="/assignments/(\d+)"`)
	ledgerNextRe  = regexp.MustCompile(`href="([^"]+)" rel="next"`)
	ledgerPrevRe  = regexp.MustCompile(`href="([^"]+)" rel="prev"`)
	ledgerExpRe   = regexp.MustCompile(`href="([^"]+)" download>导出当前视图`)
	ledgerSortRe  = regexp.MustCompile(`class="sort-link sort-(\w+)" href="([^"]+)"`)
)

// TestLedgerListPaging walks the filtered ledger list forwards and back,
// four rows a page, as the lead office and as a liaison, and checks its
// total, its pages and its export against a brute-force filter of all the
// plan's assignments.
func TestLedgerListPaging(t *testing.T) {
	forEachStore(t, "ledgerlist", testLedgerListPaging)
}

func testLedgerListPaging(t *testing.T, db *store.DB) {
	{
		ctx := context.Background()
		e := ledgerEnvOn(t, db, func(srv *Server) { srv.ledgerRows = 4 })

		// Every assignment of the plan, in the list's order.
		var all []duban.Assignment
		f := duban.AssignmentFilter{PlanID: e.planID, Page: duban.Page{Limit: 500}}
		for {
			l, err := db.ListAssignments(ctx, duban.System, f, duban.Date{})
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, l.Items...)
			if f.Cursor = l.NextCursor; f.Cursor == "" {
				break
			}
		}
		open := func(keep func(a duban.Assignment) bool) (ids []int64, tasks map[int64]bool) {
			tasks = map[int64]bool{}
			for _, a := range all {
				if a.Status != duban.StatusClosed && keep(a) {
					ids = append(ids, a.ID)
					tasks[a.TaskID] = true
				}
			}
			return ids, tasks
		}
		czt := all[slices.IndexFunc(all, func(a duban.Assignment) bool { return a.Unit.Name == "省财政厅" })].Unit.ID
		leadIDs, leadTasks := open(func(duban.Assignment) bool { return true })
		mineIDs, mineTasks := open(func(a duban.Assignment) bool { return a.Unit.ID == czt && a.Status != duban.StatusDraft })
		if len(leadIDs) < 9 || len(mineIDs) < 2 || len(mineIDs) >= len(leadIDs) {
			t.Fatalf("the demo has %d open assignments, %d of them 省财政厅's: too few to page", len(leadIDs), len(mineIDs))
		}
		other := all[slices.IndexFunc(all, func(a duban.Assignment) bool { return a.Unit.ID != czt })].Unit.ID
		for _, c := range []struct {
			user, query string
			ids         []int64
			tasks       map[int64]bool
		}{
			{"zgb", "", leadIDs, leadTasks},
			// A liaison asking for another unit still gets its own.
			{"czt", fmt.Sprintf("&unit=%d", other), mineIDs, mineTasks},
		} {
			cl := e.login(t, c.user)
			start := fmt.Sprintf("/ledger?plan=%d&status=open%s", e.planID, c.query)
			var pages [][]int64
			var got []int64
			next, body := start, ""
			for next != "" {
				body = cl.get(next, http.StatusOK)
				m := ledgerTotalRe.FindStringSubmatch(body)
				if m == nil {
					t.Fatalf("%s: %s shows no total", c.user, next)
				}
				if n, _ := strconv.Atoi(m[1]); n != len(c.ids) {
					t.Errorf("%s: 共 %d 项, want %d", c.user, n, len(c.ids))
				}
				var page []int64
				for _, m := range ledgerIDRe.FindAllStringSubmatch(body, -1) {
					id, _ := strconv.ParseInt(m[1], 10, 64)
					page = append(page, id)
				}
				if len(pages) == 0 == strings.Contains(body, `rel="prev"`) {
					t.Errorf("%s: page %d has a previous link: %v", c.user, len(pages)+1, len(pages) > 0)
				}
				pages, got = append(pages, page), append(got, page...)
				next = ""
				if m := ledgerNextRe.FindStringSubmatch(body); m != nil {
					next = html.UnescapeString(m[1])
				}
				if len(pages) > 50 {
					t.Fatal("the pages do not end")
				}
			}
			if !slices.Equal(got, c.ids) {
				t.Errorf("%s: the pages list %v, want %v", c.user, got, c.ids)
			}
			// Back from the last page to the first, page by page.
			for i := len(pages) - 2; i >= 0; i-- {
				m := ledgerPrevRe.FindStringSubmatch(body)
				if m == nil {
					t.Fatalf("%s: page %d has no previous link", c.user, i+2)
				}
				body = cl.get(html.UnescapeString(m[1]), http.StatusOK)
				var page []int64
				for _, m := range ledgerIDRe.FindAllStringSubmatch(body, -1) {
					id, _ := strconv.ParseInt(m[1], 10, 64)
					page = append(page, id)
				}
				if !slices.Equal(page, pages[i]) {
					t.Errorf("%s: back on page %d: %v, want %v", c.user, i+1, page, pages[i])
				}
			}
			// The export of this view has the measures of these assignments.
			m := ledgerExpRe.FindStringSubmatch(body)
			if m == nil {
				t.Fatalf("%s: no export link", c.user)
			}
			o, cellErrs, err := xlsx.ReadLedger(strings.NewReader(cl.get(html.UnescapeString(m[1]), http.StatusOK)))
			if err != nil || len(cellErrs) > 0 {
				t.Fatalf("%s: the export does not read back: %v %v", c.user, err, cellErrs)
			}
			if _, _, _, n := o.Counts(); n != len(c.tasks) {
				t.Errorf("%s: the export has %d measures, want %d", c.user, n, len(c.tasks))
			}
		}
		// Latest deadline first: the deadline header's link, the same
		// assignments backwards, and back again.
		zgb := e.login(t, "zgb")
		first := zgb.get(fmt.Sprintf("/ledger?plan=%d&status=open", e.planID), http.StatusOK)
		links := map[string]string{}
		for _, m := range ledgerSortRe.FindAllStringSubmatch(first, -1) {
			links[m[1]] = html.UnescapeString(m[2])
		}
		if len(links) != 3 {
			t.Fatalf("sort links %v, want the deadline's, the unit's and the status's", links)
		}
		unitOf := map[int64]int64{}
		for _, a := range all {
			unitOf[a.ID] = a.Unit.ID
		}
		byUnit := slices.Clone(leadIDs)
		slices.SortStableFunc(byUnit, func(a, b int64) int { return cmp.Compare(unitOf[a], unitOf[b]) })
		if got := walkLedger(t, zgb, links["unit"], `aria-sort="ascending"`, `name="sort" value="unit"`); !slices.Equal(got, byUnit) {
			t.Errorf("by unit lists %v, want %v", got, byUnit)
		}
		var got []int64
		for next := links["due"]; next != ""; {
			body := zgb.get(next, http.StatusOK)
			wantContains(t, body, `aria-sort="descending"`, `name="sort" value="-due"`)
			for _, m := range ledgerIDRe.FindAllStringSubmatch(body, -1) {
				id, _ := strconv.ParseInt(m[1], 10, 64)
				got = append(got, id)
			}
			next = ""
			if m := ledgerNextRe.FindStringSubmatch(body); m != nil {
				next = html.UnescapeString(m[1])
			}
			if len(got) > 1000 {
				t.Fatal("the pages do not end")
			}
		}
		back := slices.Clone(leadIDs)
		slices.Reverse(back)
		if !slices.Equal(got, back) {
			t.Errorf("latest first lists %v, want %v", got, back)
		}
		zgb.get(fmt.Sprintf("/ledger?plan=%d&status=open&sort=sideways", e.planID), http.StatusBadRequest)
		// A bad filter is not exported.
		e.login(t, "zgb").get(fmt.Sprintf("/ledger/export.xlsx?plan=%d&status=nonsense", e.planID), http.StatusUnprocessableEntity)
	}
}

// walkLedger follows a ledger list from start through its next links,
// checking each page holds want, and returns the assignments listed.
func walkLedger(t *testing.T, c *ledgerClient, start string, want ...string) []int64 {
	t.Helper()
	var got []int64
	for next := start; next != ""; {
		body := c.get(next, http.StatusOK)
		wantContains(t, body, want...)
		for _, m := range ledgerIDRe.FindAllStringSubmatch(body, -1) {
			id, _ := strconv.ParseInt(m[1], 10, 64)
			got = append(got, id)
		}
		next = ""
		if m := ledgerNextRe.FindStringSubmatch(body); m != nil {
			next = html.UnescapeString(m[1])
		}
		if len(got) > 1000 {
			t.Fatal("the pages do not end")
		}
	}
	return got
}

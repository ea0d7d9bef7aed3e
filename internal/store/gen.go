package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"duban/internal/duban"
)

// GenShape is the size of a generated plan (see Generate).
type GenShape struct {
	Units             int // units 1..Units
	Aspects           int // top-level nodes of the plan
	ProblemsPerAspect int // problem nodes under each aspect
	Tasks             int // tasks, spread over the problems
	Seed              uint64
	Today             duban.Date // deadlines and reports are placed around this day
}

// Generated describes a generated plan.
type Generated struct {
	PlanID      int64 `json:"plan_id"`
	Units       int   `json:"units"`
	Tasks       int   `json:"tasks"`
	Assignments int   `json:"assignments"`
	TaskUnits   int   `json:"-"`
	Reports     int   `json:"-"`
	Notices     int   `json:"-"` // 督办单 (escalations of level notice)
	Closures    int   `json:"-"`
	Feedback    int   `json:"-"`
	// Overdue counts, per unit that has assignments, the generated
	// assignments that are not closed and have a date deadline before Today.
	Overdue map[int64]int `json:"-"`
	Closed  int           `json:"-"`
	// Themes is the vocabulary the texts are drawn from; ThemeTasks counts
	// the tasks whose content names each theme.
	ThemeTasks map[string]int `json:"-"`
	Load       time.Duration  `json:"-"` // the inserts and the commit
	Settle     time.Duration  `json:"-"` // the WAL checkpoint (SQLite) or VACUUM (ANALYZE) (PostgreSQL) afterwards
}

// genThemes are the subjects of generated measures, problems and reports,
// so that a text search finds some of the plan and not all of it.
var genThemes = []string{
	"公务用车", "三公经费", "选人用人", "基层减负", "意识形态", "巡视整改", "财务管理", "政府采购", "工程招投标", "干部培训",
	"作风建设", "文山会海", "督查检查考核", "小金库", "违规兼职", "档案管理", "保密工作", "信访积案", "安全生产", "生态环保",
	"土地出让", "国有资产", "专项资金", "债务风险", "营商环境", "审批服务", "乡村振兴", "民生实事", "医保基金", "教育收费",
	"食品安全", "燃气安全", "执法规范", "党费收缴", "组织生活", "发展党员", "网络安全", "数据共享", "办公用房", "公务接待",
}

// genStatus maps a number in 0..99 to a status: 5% draft, 15% assigned,
// 40% in progress, 10% closure requested, 30% closed.
func genStatus(r int) duban.Status {
	switch {
	case r < 5:
		return duban.StatusDraft
	case r < 20:
		return duban.StatusAssigned
	case r < 60:
		return duban.StatusInProgress
	case r < 70:
		return duban.StatusClosureRequested
	}
	return duban.StatusClosed
}

// Generate fills an empty database with one plan of the given shape, in
// one transaction on the store's writer, through multi-row INSERTs that
// work on both dialects. Ids are given explicitly (1..n per table) so that
// rows can refer to each other without reading anything back; on
// PostgreSQL the identity sequences are moved past them afterwards. Each
// INSERT of up to 500 rows is one event of the audit chain (bulkInsert).
//
// The data is deterministic for a given shape (a seeded PCG):
//   - every task has a lead unit and, for half of them, one cooperating
//     unit: so about 1.5 assignments per task;
//   - 85% of tasks have a date deadline, spread uniformly over Today ± 365
//     days; 10% are long-term and 5% immediate;
//   - each assignment's status is drawn independently (genStatus); 5% of
//     assignments had their deadline extended by 30 days;
//   - every assignment but the drafts was assigned 18 months ago and has a
//     report: 80% for Today's month, 20% for the month before; 2% of the open ones have an unanswered 督办单 due within 30
//     days either side of Today; the closed and closure-requested ones have
//     a closure record; one task in a hundred has a public feedback.
//
// The secondary indexes of the big tables are dropped for the load and
// rebuilt from their own definitions before the commit.
func (db *DB) Generate(ctx context.Context, shape GenShape) (*Generated, error) {
	if shape.Units < 2 || shape.Aspects < 1 || shape.ProblemsPerAspect < 1 || shape.Tasks < 1 {
		return nil, duban.Errorf(duban.Invalid, "生成规模无效：至少 2 个单位、1 个方面、1 个问题、1 项任务")
	}
	var n int
	if err := db.reader().QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM units) + (SELECT COUNT(*) FROM plans)`).Scan(&n); err != nil {
		return nil, fmt.Errorf("store: generate: %w", err)
	}
	if n > 0 {
		return nil, duban.Errorf(duban.Conflict, "数据库不是空的（已有 %d 个单位或方案）：生成数据只能写入空数据库", n)
	}
	today := shape.Today
	rng := rand.New(rand.NewPCG(shape.Seed, 0x6475_6261_6e))
	out := &Generated{PlanID: 1, Units: shape.Units, Overdue: map[int64]int{}, ThemeTasks: map[string]int{}}
	created := today.Time().AddDate(0, -18, 0).Add(9 * time.Hour)
	updated := today.Time().AddDate(0, 0, -3).Add(15 * time.Hour)
	month := time.Date(today.Time().Year(), today.Time().Month(), 1, 0, 0, 0, 0, time.UTC)
	period, before := month.Format("2006-01"), month.AddDate(0, -1, 0).Format("2006-01")
	start := time.Now()
	// Room for the whole load in one transaction (256 MiB).
	restore, err := db.widenWriterCache(ctx, 256)
	if err != nil {
		return nil, err
	}
	defer restore()
	err = db.update(ctx, duban.System, func(tx *Tx) error {
		// The generated rows are vouched for by the batch hashes and by
		// auditLoaded at the end, not by the seal of rows stamped with the
		// transaction's time (theirs are in the past).
		tx.noSeal = true
		if _, err := tx.exec(ctx, `DELETE FROM audit_pending`); err != nil {
			return err
		}
		// The generated assignments are as they are since they were
		// created: their history (migration 0021) is dated by created_at.
		clear := `UPDATE write_clock SET at = NULL WHERE id = 1`
		if db.dialect == Postgres {
			clear = `SELECT set_config('duban.now', '', true)`
		}
		if _, err := tx.exec(ctx, clear); err != nil {
			return err
		}
		// On PostgreSQL the search index's rows are written from Go
		// (searchVector) and its GIN index built once at the end: the
		// triggers' PL/pgSQL split took about 200 µs a text, most of the
		// load's time.
		search, err := newSearchLoad(ctx, tx)
		if err != nil {
			return err
		}
		units := newBulkInsert(ctx, tx, "units", "id", "parent_id", "name", "short_name", "kind", "sort", "version", "created_at", "updated_at")
		for u := 1; u <= shape.Units; u++ {
			kind := duban.UnitDepartment
			if u%3 == 0 {
				kind = duban.UnitCity
			}
			if err := units.add(u, nil, fmt.Sprintf("测试单位%03d（生成数据）", u), fmt.Sprintf("单位%03d", u), kind, u, 1, created, created); err != nil {
				return err
			}
		}
		if err := units.flush(); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `INSERT INTO plans (id, title, owner_unit_id, lead_unit_id, status, cadence, report_day, start_date, end_date, version, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`, out.PlanID, "生成数据整改方案", 1, 1, duban.PlanActive, duban.CadenceMonthly, 5,
			today.AddDays(-540).String(), today.AddDays(540).String(), created, created); err != nil {
			return err
		}
		if err := tx.audit(ctx, "generate", "plan", out.PlanID, nil, shape); err != nil {
			return err
		}

		// Nodes: aspects 1..A (aspect_id = own id), then their problems.
		nodes := newBulkInsert(ctx, tx, "nodes", "id", "plan_id", "parent_id", "aspect_id", "kind", "seq", "title", "description", "version", "created_at", "updated_at")
		type problem struct{ id, aspect int64 }
		var problems []problem
		for a := 1; a <= shape.Aspects; a++ {
			title := fmt.Sprintf("方面%d：落实整改主体责任", a)
			if err := nodes.add(a, out.PlanID, nil, a, duban.NodeAspect, a, title, "", 1, created, created); err != nil {
				return err
			}
			if err := search.add(int64(a)*4+searchNode, out.PlanID, title+" "); err != nil {
				return err
			}
		}
		id := int64(shape.Aspects)
		for a := 1; a <= shape.Aspects; a++ {
			for p := 1; p <= shape.ProblemsPerAspect; p++ {
				id++
				problems = append(problems, problem{id, int64(a)})
				theme := genThemes[int(id)%len(genThemes)]
				title, desc := fmt.Sprintf("问题%d.%d：%s工作推进不够有力", a, p, theme), fmt.Sprintf("巡视反馈指出，%s方面存在制度执行不严、监督不到位的问题。", theme)
				if err := nodes.add(id, out.PlanID, a, a, duban.NodeProblem, p, title, desc, 1, created, created); err != nil {
					return err
				}
				if err := search.add(id*4+searchNode, out.PlanID, title+" "+desc); err != nil {
					return err
				}
			}
		}
		if err := nodes.flush(); err != nil {
			return err
		}

		// The big tables are loaded without their secondary indexes, which
		// are rebuilt afterwards from their own definitions: one sort per
		// index instead of 150,000 random inserts into each.
		indexes, err := dropSecondaryIndexes(ctx, tx, "tasks", "task_units", "assignments", "assignment_history", "reports", "closures", "escalations", "feedback")
		if err != nil {
			return err
		}
		tasks := newBulkInsert(ctx, tx, "tasks", "id", "plan_id", "node_id", "aspect_id", "seq", "title", "content", "target", "requirements",
			"deadline_kind", "deadline", "lead_unit_id", "responsible_leader", "responsible_person", "version", "created_at", "updated_at")
		taskUnits := newBulkInsert(ctx, tx, "task_units", "task_id", "unit_id", "lead")
		assignments := newBulkInsert(ctx, tx, "assignments", "id", "task_id", "plan_id", "aspect_id", "unit_id", "lead", "status", "deadline_kind",
			"deadline", "original_deadline", "sort_deadline", "phase_complete", "signed_off", "closed_at", "assigned_at", "notice_due", "last_period",
			"version", "created_at", "updated_at", "task_title")
		reports := newBulkInsert(ctx, tx, "reports", "id", "assignment_id", "period", "content", "work_date", "author_name", "submitted_at", "review", "version")
		closures := newBulkInsert(ctx, tx, "closures", "id", "assignment_id", "summary", "requested_at", "signed_at", "decided_at", "result")
		notices := newBulkInsert(ctx, tx, "escalations", "id", "assignment_id", "level", "number", "deadline_key", "issued_at", "recipients", "note", "reply_due", "reply")
		feedback := newBulkInsert(ctx, tx, "feedback", "id", "plan_id", "name", "channel", "content", "status", "task_id", "version", "created_at", "updated_at")
		taskUnits.parents = []*bulkInsert{tasks}
		assignments.parents = []*bulkInsert{tasks}
		feedback.parents = []*bulkInsert{tasks}
		for _, b := range []*bulkInsert{reports, closures, notices} {
			b.parents = []*bulkInsert{assignments}
		}
		seq := map[int64]int{}
		var aid int64
		for t := 1; t <= shape.Tasks; t++ {
			pr := problems[rng.IntN(len(problems))]
			seq[pr.id]++
			kind, deadline := duban.DeadlineDate, any(nil)
			var due duban.Date
			switch r := rng.IntN(100); {
			case r < 85:
				due = today.AddDays(rng.IntN(731) - 365)
				deadline = due.String()
			case r < 95:
				kind = duban.DeadlineLongTerm
			default:
				kind = duban.DeadlineImmediate
			}
			lead := int64(rng.IntN(shape.Units) + 1)
			unitIDs := []int64{lead}
			if rng.IntN(2) == 0 {
				coop := int64(rng.IntN(shape.Units-1) + 1)
				if coop >= lead {
					coop++
				}
				unitIDs = append(unitIDs, coop)
			}
			theme := genThemes[rng.IntN(len(genThemes))]
			out.ThemeTasks[theme]++
			content := fmt.Sprintf("针对问题%d，围绕%s制定整改举措第%d项：健全制度机制，压实工作责任，明确时间节点，确保整改到位。", pr.id, theme, t)
			title := fmt.Sprintf("整改举措%06d：规范%s", t, theme)
			if err := tasks.add(t, out.PlanID, pr.id, pr.aspect, seq[pr.id], title, content,
				"问题得到有效解决", "每月报送进展", kind, deadline, lead, "张三", "李四", 1, created, updated); err != nil {
				return err
			}
			out.Tasks++
			if err := search.add(int64(t)*4+searchTask, out.PlanID, title+" "+content); err != nil {
				return err
			}
			if t%100 == 0 {
				out.Feedback++
				text := fmt.Sprintf("反映%s问题整改不到位，希望加快进度（第%d件）。", theme, out.Feedback)
				if err := feedback.add(out.Feedback, out.PlanID, "群众", "mail", text, duban.FeedbackConverted, t, 1, created, updated); err != nil {
					return err
				}
				if err := search.add(int64(out.Feedback)*4+searchFeedback, out.PlanID, text+" "); err != nil {
					return err
				}
			}
			for _, u := range unitIDs {
				if err := taskUnits.add(t, u, u == lead); err != nil {
					return err
				}
				out.TaskUnits++
				if _, ok := out.Overdue[u]; !ok {
					out.Overdue[u] = 0 // every unit with an assignment has an entry
				}
				aid++
				status := genStatus(rng.IntN(100))
				d, original := due, deadline
				if !due.IsZero() && rng.IntN(20) == 0 {
					d = due.AddDays(30) // extended; original_deadline keeps the first date
				}
				var closedAt, assignedAt, noticeDue any
				lastPeriod := ""
				if status != duban.StatusDraft {
					assignedAt = created
					lastPeriod = period
					if rng.IntN(5) == 0 {
						lastPeriod = before
					}
					if status != duban.StatusClosed && rng.IntN(50) == 0 {
						noticeDue = today.AddDays(rng.IntN(61) - 30).String()
					}
				}
				if status == duban.StatusClosed {
					closedAt = updated
					out.Closed++
				} else if kind == duban.DeadlineDate && d.Before(today) {
					out.Overdue[u]++
				}
				if err := assignments.add(aid, t, out.PlanID, pr.aspect, u, u == lead, status, kind, d, original, sortDeadline(d),
					kind == duban.DeadlineLongTerm && aid%5 == 0, status == duban.StatusClosureRequested && aid%2 == 0, closedAt, assignedAt, noticeDue, lastPeriod, 1, created, updated, title); err != nil {
					return err
				}
				out.Assignments++
				if noticeDue != nil {
					out.Notices++
					if err := notices.add(out.Notices, aid, duban.LevelNotice, fmt.Sprintf("督办〔%d〕%d号", today.Time().Year(), out.Notices),
						"gen", updated, fmt.Sprintf("单位%03d", u), "请按期书面回复整改情况。", noticeDue, ""); err != nil {
						return err
					}
				}
				if lastPeriod != "" {
					out.Reports++
					text := fmt.Sprintf("本期围绕%s推进整改，已完成阶段性任务，下一步将持续巩固成效。", theme)
					if err := reports.add(out.Reports, aid, lastPeriod, text, nil, "联络员", updated, duban.ReviewAccepted, 1); err != nil {
						return err
					}
					if err := search.add(int64(out.Reports)*4+searchReport, out.PlanID, text); err != nil {
						return err
					}
				}
				if status == duban.StatusClosed || status == duban.StatusClosureRequested {
					out.Closures++
					var signed, decided any
					result := "pending"
					if status == duban.StatusClosed {
						signed, decided, result = updated, updated, "closed"
					}
					if err := closures.add(out.Closures, aid, fmt.Sprintf("%s整改任务已完成，申请销号。", theme), updated, signed, decided, result); err != nil {
						return err
					}
				}
			}
		}
		for _, b := range []*bulkInsert{tasks, taskUnits, assignments, reports, closures, notices, feedback} {
			if err := b.flush(); err != nil {
				return err
			}
		}
		for _, ddl := range indexes {
			if _, err := tx.exec(ctx, ddl); err != nil {
				return fmt.Errorf("recreate index: %w", err)
			}
		}
		if err := search.finish(); err != nil {
			return err
		}
		// The rows are then vouched for one by one, as audit verify reads
		// them (a thousand to an event), besides the batch hashes.
		if err := tx.auditLoaded(ctx); err != nil {
			return err
		}
		if db.dialect == Postgres {
			for _, table := range []string{"units", "plans", "nodes", "tasks", "assignments", "reports", "closures", "escalations", "feedback"} {
				if _, err := tx.exec(ctx, `SELECT setval(pg_get_serial_sequence('`+table+`', 'id'), GREATEST((SELECT max(id) FROM `+table+`), 1))`); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: generate plan: %w", err)
	}
	out.Load = time.Since(start)
	start = time.Now()
	if err := db.Settle(ctx); err != nil {
		return nil, err
	}
	out.Settle = time.Since(start)
	return out, nil
}

// Settle brings a freshly loaded database to the state a
// long-lived one is in:
//   - on SQLite, the WAL checkpointed into the main file and truncated;
//   - on PostgreSQL, VACUUM (ANALYZE), so that the planner has statistics
//     and the visibility map is set, as autovacuum would do by itself some
//     time after a bulk load.
//
// Generate calls it; so does the load harness after the ladder's first
// pass has recorded tens of thousands of steps, so that autovacuum does not
// take its turn on them while requests are measured.
func (db *DB) Settle(ctx context.Context) error {
	stmts := []string{`PRAGMA wal_checkpoint(TRUNCATE)`}
	if db.dialect == Postgres {
		stmts = []string{`VACUUM (ANALYZE)`}
	}
	for _, s := range stmts {
		if _, err := db.write.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("%s: %w", s, err)
		}
	}
	return nil
}

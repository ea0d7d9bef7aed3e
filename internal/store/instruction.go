package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"duban/internal/duban"
)

// InstructionInput registers a leadership instruction (领导批示件).
type InstructionInput struct {
	Number           string             `json:"number"`      // 批示件编号
	IssuedDate       duban.Date         `json:"issued_date"` // 批示日期
	Leader           string             `json:"leader"`      // 批示领导
	Title            string             `json:"title"`       // 事由
	Text             string             `json:"text"`        // 批示内容
	UnitID           int64              `json:"unit_id"`     // 承办单位
	Requirements     string             `json:"requirements"`
	DeadlineKind     duban.DeadlineKind `json:"deadline_kind"`
	Deadline         duban.Date         `json:"deadline"`
	DeadlineWorkdays int                `json:"deadline_workdays"`
	OwnerUnitID      int64              `json:"owner_unit_id"` // whose ledger holds it; the lead office's own unit by default
}

// InstructionRow is one line of the instructions ledger.
type InstructionRow struct {
	SourceID     int64        `json:"source_id"`
	Number       string       `json:"number"`
	IssuedDate   duban.Date   `json:"issued_date"`
	Leader       string       `json:"leader"`
	Title        string       `json:"title"`
	TaskID       int64        `json:"task_id"`
	PlanID       int64        `json:"plan_id"`
	AssignmentID int64        `json:"assignment_id"`
	Unit         string       `json:"unit"`
	Status       duban.Status `json:"status"`
	Deadline     duban.Date   `json:"deadline"`
}

// instructionLedger is the title of the plan that holds a unit's instructions.
const instructionLedger = "领导批示件办理台账"

// RegisterInstruction registers an instruction and gives it to its unit, in
// one transaction: a source of kind instruction, a line in the owner's
// instructions ledger (a plan created on first use) and a task whose
// assignment runs through the same workflow and ladder as any other.
func (db *DB) RegisterInstruction(ctx context.Context, p *duban.Principal, in InstructionInput) (*InstructionRow, error) {
	// Who may register at all is known before the input is read, so that a
	// role that may not is told so rather than what its input lacks.
	if p.Role != duban.RoleAdmin && p.Role != duban.RoleLead {
		return nil, duban.ErrForbidden("登记领导批示件")
	}
	pr := duban.Problems{}
	if strings.TrimSpace(in.Number) == "" {
		pr.Add("number", "请填写批示件编号")
	}
	if strings.TrimSpace(in.Text) == "" {
		pr.Add("text", "请填写批示内容")
	}
	if in.UnitID == 0 {
		pr.Add("unit_id", "请指定承办单位")
	}
	if in.OwnerUnitID == 0 {
		in.OwnerUnitID = p.UnitID
	}
	if in.OwnerUnitID == 0 {
		pr.Add("owner_unit_id", "请指定台账所属单位")
	}
	if err := pr.Err(); err != nil {
		return nil, err
	}
	title := strings.TrimSpace(in.Title)
	if title == "" {
		title = []string{strings.TrimSpace(in.Text)}[0]
		if r := []rune(title); len(r) > 30 {
			title = string(r[:30]) + "…"
		}
	}
	var out *InstructionRow
	err := db.update(ctx, p, func(tx *Tx) error {
		src := &duban.Source{Kind: duban.SourceInstruction, Title: title, DocNumber: in.Number, Leader: in.Leader, IssuedDate: in.IssuedDate, Content: in.Text}
		if err := src.Validate(); err != nil {
			return err
		}
		pl, err := instructionPlan(ctx, tx, p, in.OwnerUnitID)
		if err != nil {
			return err
		}
		if err := insertSource(ctx, tx, src); err != nil {
			return err
		}
		aspect, err := findOrInsertNode(ctx, tx, pl.ID, nil, duban.NodeAspect, "领导批示件")
		if err != nil {
			return err
		}
		item := &duban.Node{PlanID: pl.ID, ParentID: &aspect.ID, Kind: duban.NodeProblem, Title: in.Number + " " + title, Description: in.Text}
		if err := insertNode(ctx, tx, item); err != nil {
			return err
		}
		t := &duban.Task{PlanID: pl.ID, NodeID: item.ID, AspectID: aspect.ID, Title: "落实" + in.Leader + "批示：" + title, Content: in.Text, Requirements: in.Requirements,
			DeadlineKind: in.DeadlineKind, Deadline: in.Deadline, DeadlineWorkdays: in.DeadlineWorkdays, LeadUnitID: in.UnitID, SourceID: &src.ID}
		if err := t.Validate(); err != nil {
			return err
		}
		if err := unitExists(ctx, tx, "unit_id", in.UnitID); err != nil {
			return err
		}
		if err := insertTask(ctx, tx, t); err != nil {
			return err
		}
		out = &InstructionRow{SourceID: src.ID, Number: in.Number, IssuedDate: in.IssuedDate, Leader: in.Leader, Title: title, TaskID: t.ID, PlanID: pl.ID,
			Status: duban.StatusDraft, Deadline: t.Deadline}
		return tx.QueryRowContext(ctx, `SELECT a.id, u.short_name FROM assignments a JOIN units u ON u.id = a.unit_id WHERE a.task_id = ?`, t.ID).Scan(&out.AssignmentID, &out.Unit)
	})
	return out, err
}

// instructionPlan finds or creates the owner unit's instructions ledger.
func instructionPlan(ctx context.Context, tx *Tx, p *duban.Principal, owner int64) (*duban.Plan, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM plans WHERE owner_unit_id = ? AND title = ? ORDER BY id LIMIT 1`, owner, instructionLedger).Scan(&id)
	if err == nil {
		return managePlan(ctx, tx, p, id)
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: instructions ledger: %w", err)
	}
	pl := &duban.Plan{Title: instructionLedger, OwnerUnitID: owner, LeadUnitID: owner, Cadence: duban.CadenceMonthly}
	if err := pl.Validate(); err != nil {
		return nil, err
	}
	if !p.CanCreatePlan(pl) {
		return nil, duban.ErrForbidden("登记其他单位的领导批示件")
	}
	return pl, insertPlan(ctx, tx, pl)
}

// findOrInsertNode returns the node of the plan with that parent, kind and
// title, inserting it when there is none.
func findOrInsertNode(ctx context.Context, tx *Tx, planID int64, parent *int64, kind duban.NodeKind, title string) (*duban.Node, error) {
	var n duban.Node
	err := scanNode(tx.QueryRowContext(ctx, `SELECT `+nodeCols+` FROM nodes WHERE plan_id = ? AND parent_id IS NOT DISTINCT FROM ? AND kind = ? AND title = ? ORDER BY id LIMIT 1`,
		planID, parent, kind, title), &n)
	if err == nil {
		return &n, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: node: %w", err)
	}
	x := &duban.Node{PlanID: planID, ParentID: parent, Kind: kind, Title: title}
	return x, insertNode(ctx, tx, x)
}

// ListInstructions is the instructions ledger: every instruction the caller
// may see with its unit, status and deadline, newest first.
func (db *DB) ListInstructions(ctx context.Context, p *duban.Principal, page duban.Page) (duban.List[InstructionRow], error) {
	var out duban.List[InstructionRow]
	w := where{}
	w.add("s.kind = 'instruction'")
	if !p.ReadsAll() {
		w.add("a.unit_id = ?", p.UnitID)
		w.add("a." + handedOver)
	}
	before, err := idCursor(page.Cursor)
	if err != nil {
		return out, err
	}
	if before > 0 {
		w.add("s.id < ?", before)
	}
	limit := page.PageLimit()
	rows, err := db.reader().QueryContext(ctx, `SELECT s.id, s.doc_number, s.issued_date, s.leader, s.title, t.id, t.plan_id, a.id, u.short_name, a.status, a.deadline
		FROM sources s JOIN tasks t ON t.source_id = s.id JOIN assignments a ON a.task_id = t.id AND a.lead JOIN units u ON u.id = a.unit_id`+w.String()+
		` ORDER BY s.id DESC LIMIT ?`, append(w.args, limit+1)...)
	if err != nil {
		return out, fmt.Errorf("store: instructions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r InstructionRow
		if err := rows.Scan(&r.SourceID, &r.Number, &r.IssuedDate, &r.Leader, &r.Title, &r.TaskID, &r.PlanID, &r.AssignmentID, &r.Unit, &r.Status, &r.Deadline); err != nil {
			return out, fmt.Errorf("store: instructions: %w", err)
		}
		out.Items = append(out.Items, r)
	}
	return pageOut(out, limit, func(r InstructionRow) string { return fmt.Sprint(r.SourceID) }), rows.Err()
}

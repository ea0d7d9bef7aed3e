package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"duban/internal/duban"
)

// state is where a measure stood on the notice date.
type state int

const (
	stateDone       state = iota // 已销号: 完成
	stateNearlyDone              // 申请销号: 基本完成
	stateGoing                   // an accepted report, within its time: 正在推进
	stateOverdue                 // past its deadline and open: 逾期
	stateUnreported              // no accepted report yet
)

// unfinished reports a state the omit rule leaves out.
func (s state) unfinished() bool { return s == stateOverdue || s == stateUnreported }

// stateOf tells where m stood on asOf from its roll-up status, light,
// deadline and latest accepted progress.
func stateOf(m *duban.OutlineMeasure, asOf duban.Date) state {
	switch {
	case m.Status == duban.StatusClosed:
		return stateDone
	case m.Status == duban.StatusClosureRequested:
		return stateNearlyDone
	case m.Light == duban.LightRed || m.DeadlineKind.Dated() && !m.Deadline.IsZero() && !asOf.IsZero() && m.Deadline.Before(asOf):
		return stateOverdue
	case strings.TrimSpace(m.Progress) == "":
		return stateUnreported
	}
	return stateGoing
}

// stateText is what a notice says after a measure's title: its progress as
// prose, then what it has come to.
func stateText(m *duban.OutlineMeasure, asOf duban.Date) string {
	p := prose(m.Progress)
	switch stateOf(m, asOf) {
	case stateDone:
		if p == "" {
			return "已完成整改并销号。"
		}
		return p + "该项举措已完成整改。"
	case stateNearlyDone:
		return p + "该项举措已基本完成，正在审核销号。"
	case stateOverdue:
		due := ""
		if !m.Deadline.IsZero() {
			due = "（" + m.Deadline.Chinese() + "）"
		}
		return p + "该项举措已超过整改时限" + due + "，尚未完成整改，正在督促加快推进。"
	case stateUnreported:
		return "已明确责任单位和整改时限，整改进展尚待报送审核。"
	}
	if m.DeadlineKind == duban.DeadlineLongTerm {
		return p + "该项举措需长期坚持，正在持续推进。"
	}
	return p
}

// prose turns accepted progress into notice prose: a report per unit
// ("医政医管科：…" on each line) loses the ledger's unit labels and reads as
// one passage, and it ends with 。.
func prose(progress string) string {
	var parts []string
	for _, l := range strings.Split(progress, "\n") {
		l = strings.TrimSpace(l)
		if unit, rest, ok := strings.Cut(l, "："); ok && len([]rune(unit)) <= 16 && !strings.ContainsAny(unit, "，。；") {
			l = strings.TrimSpace(rest)
		}
		if l = strings.TrimRight(l, "。；;，, "); l != "" {
			parts = append(parts, l)
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, "；") + "。"
}

// tally counts measures by state.
type tally struct{ total, done, nearly, going, overdue, unreported int }

func (t *tally) add(ls []noticeLine) {
	for _, l := range ls {
		t.total++
		switch l.st {
		case stateDone:
			t.done++
		case stateNearlyDone:
			t.nearly++
		case stateGoing:
			t.going++
		case stateOverdue:
			t.overdue++
		default:
			t.unreported++
		}
	}
}

// rate writes done of total as a percentage: 76%, 36.4%.
func rate(done, total int) string {
	if total == 0 {
		return "0%"
	}
	return strconv.FormatFloat(math.Round(float64(done)*1000/float64(total))/10, 'f', -1, 64) + "%"
}

// figures is the paragraph that opens part two, as real notices lead with:
// measures completed and the rate, then the rest by state. Under the omit
// rule the overdue and unreported are counted together as not yet done.
func figures(in NoticeInput, rule UnfinishedRule) string {
	var t tally
	for _, ls := range in.lines {
		t.add(ls)
	}
	asOf := in.Outline.Meta.AsOf
	s := fmt.Sprintf("截至%s，%d项整改举措中，已完成%d项，完成率%s", asOf.Chinese(), t.total, t.done, rate(t.done, t.total))
	var rest []string
	add := func(n int, what string) {
		if n > 0 {
			rest = append(rest, fmt.Sprintf("%s%d项", what, n))
		}
	}
	add(t.nearly, "基本完成")
	add(t.going, "正在推进")
	if rule == UnfinishedOmit {
		add(t.overdue+t.unreported, "尚未完成")
	} else {
		add(t.overdue, "超过整改时限尚未完成")
		add(t.unreported, "尚未报送整改进展")
	}
	if len(rest) > 0 {
		s += "；" + strings.Join(rest, "，")
	}
	return s + "。"
}

// aspectFigures is the sentence under an aspect's heading when figures per
// aspect are asked for, from the lines of its measures.
func aspectFigures(ls []noticeLine) string {
	var t tally
	t.add(ls)
	return fmt.Sprintf("该方面%d项整改举措已完成%d项，完成率%s。", t.total, t.done, rate(t.done, t.total))
}

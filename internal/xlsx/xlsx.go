// Package xlsx reads and writes rectification ledgers (整改台账) as Excel
// workbooks. It maps between a duban.Outline and an io.Reader or io.Writer;
// it knows nothing of the database or HTTP. It is the only package that
// imports excelize.
package xlsx

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// CellError is one problem with one cell of an imported ledger. Row is the
// 1-based Excel row (0 when the problem concerns the whole sheet); Column is
// the Excel column letter followed by the header, as in "E（完成时限）";
// Reason says in Chinese what is wrong.
type CellError struct {
	Sheet  string `json:"sheet"`
	Row    int    `json:"row"`
	Column string `json:"column"`
	Reason string `json:"reason"`
}

// field is what a ledger column holds.
type field int

const (
	fieldNone field = iota
	fieldSeq
	fieldAspect
	fieldProblem
	fieldSpecific // 具体问题: a specific problem when a problem column exists too
	fieldMeasure
	fieldRequirements
	fieldTarget
	fieldLeader
	fieldLeadUnit
	fieldCoopUnits
	fieldPerson
	fieldDeadline
	fieldKind // 整改类型 (立行立改/限期整改/长期坚持) or a 长期坚持 是/否 flag
	fieldProgress
	fieldClosed
	fieldNote
	fieldAdjusted // 调整后完成时限: the deadline in force when written
	fieldCount
)

// fieldNames name each field in messages.
var fieldNames = [fieldCount]string{
	fieldSeq: "序号", fieldAspect: "方面", fieldProblem: "问题", fieldSpecific: "具体问题",
	fieldMeasure: "整改措施", fieldRequirements: "整改要求", fieldTarget: "整改目标",
	fieldLeader: "责任领导", fieldLeadUnit: "责任单位", fieldCoopUnits: "配合单位", fieldPerson: "责任人",
	fieldDeadline: "完成时限", fieldKind: "整改类型", fieldProgress: "整改进展", fieldClosed: "是否销号",
	fieldNote: "备注", fieldAdjusted: "调整后完成时限",
}

// aliases lists the header labels seen in practice for each field
// (shared/research/ledger-columns.md §1), after normalizeHeader.
var aliases = [fieldCount][]string{
	fieldSeq:    {"序号", "问题序号", "编号", "序"},
	fieldAspect: {"方面", "问题类别", "巡视反馈重点方面", "重点方面", "问题方面", "反馈问题方面", "问题类型", "类别", "一级标题", "巡视反馈问题方面", "巡察反馈重点方面", "问题分类", "整改方面", "所属方面", "问题所属方面", "问题领域"},
	fieldProblem: {"问题", "整改问题", "问题名称", "问题事项", "存在的问题", "反馈问题内容", "反馈意见", "巡视反馈意见", "巡察反馈意见",
		"巡视指出问题", "巡视发现问题", "巡察指出问题", "巡察发现问题", "审计发现问题", "审计查出问题", "督查发现问题", "自查发现问题",
		"问题及表现", "突出问题", "巡视反馈重点内容", "问题描述", "问题内容", "事项名称", "巡视反馈问题", "巡视反馈的问题", "反馈问题",
		"存在问题", "主要问题", "问题表现", "问题在审计报告中的序号及表述", "在审计报告中的表述", "巡察反馈的问题（包括例证）",
		"巡察反馈问题", "巡察反馈的问题", "二级标题", "问题清单", "发现问题", "检查发现问题", "审计发现的问题", "巡视发现的问题",
		"巡察发现的问题", "反馈的问题", "督办事项", "督查事项", "交办事项", "督办内容", "重点任务", "问题线索", "巡视指出的问题", "巡察指出的问题", "巡视发现的主要问题", "巡察发现的主要问题",
		"检视问题", "检视出的问题", "检视的问题", "检视发现问题", "检视发现的问题", "查摆问题", "查摆出的问题", "查摆的问题", "查找问题", "查找的问题", "发现的问题", "审计查出的问题", "问题概述"},
	fieldSpecific: {"具体问题", "巡视反馈具体问题", "巡察反馈具体问题", "具体问题表述", "三级标题", "具体表现", "问题具体表现", "主要表现"},
	fieldMeasure: {"整改措施", "整改举措", "细化的整改措施", "整改计划", "针对根本原因制定的归零措施", "整改任务内容",
		"具体责任单位细化的整改要求", "整改任务", "具体措施", "具体整改措施", "整改措施（举措）", "任务清单", "整改任务清单",
		"工作措施", "主要措施", "整改落实措施", "工作举措", "措施", "落实措施", "整改措施及要求", "措施内容", "整改措施内容", "整改目标和措施", "整改目标及措施", "整改事项", "整改内容", "工作任务", "具体任务", "主要任务", "任务内容", "工作内容", "整改思路及措施", "整改思路和措施", "针对性措施", "针对性整改措施"},
	fieldRequirements: {"整改要求", "工作要求", "办理要求", "督办要求"},
	fieldTarget:       {"整改目标", "整改目标清单", "整改完成标准", "完成标准", "目标"},
	fieldLeader:       {"责任领导", "牵头领导", "分管领导", "整改第一责任人", "协助整改工作的领导", "包抓领导", "领导责任人", "牵头负责同志", "主要领导", "责任校领导", "分管负责同志", "联系领导", "包案领导", "挂帅领导", "包保领导", "领衔领导"},
	fieldLeadUnit: {"责任单位", "牵头单位", "责任部门", "具体责任单位", "一级单位", "责任处室", "整体牵头部门/负责人",
		"责任部门（人）", "负责监督管理责任的主管部门", "牵头部门", "牵头处室", "牵头责任单位", "责任主体", "主责单位", "责任清单",
		"责任科室", "责任股室", "牵头科室", "牵头股室", "整改责任单位", "整改牵头单位", "责任单位（部门）", "牵头单位（部门）", "承办单位", "主办单位", "责任处", "承办处室", "承办部门", "承办科室", "负责部门", "负责单位", "主责部门", "落实单位", "实施单位", "负责处室", "负责科室", "责任股（室）", "责任科（室）", "责任处（室）", "责任股"},
	fieldCoopUnits: {"配合单位", "配合处室", "配合部门", "配合整改部门责任人及联系电话", "协办单位", "参与单位", "配合科室", "配合股室",
		"协同单位", "协助单位", "协作单位", "配合责任单位", "协同配合单位", "协办部门", "协同部门", "参与部门", "协助部门", "协办处室", "协办科室"},
	fieldPerson: {"责任人", "具体责任单位整改责任人", "牵头整改部门责任人及联系电话", "审计部门责任人及联系电话", "具体责任人", "联系人",
		"责任人员", "承办人", "经办人", "具体负责人", "具体责任人员", "整改责任人", "责任人及联系方式", "联系人及电话", "责任人及电话", "联系人及联系方式"},
	fieldDeadline: {"完成时限", "整改时限", "对应的完成时间", "完成时间", "整改期限", "时限", "时限要求", "整改完成时限",
		"整改完成时间", "计划完成时间", "完成期限", "办结时限", "时间节点", "整改时间", "办理时限", "完成时间节点", "整改时间节点", "时限清单", "截止时间", "截止日期", "完成日期", "时间要求", "时间安排", "办结期限", "完成节点", "办理期限"},
	fieldKind: {"整改类型", "长期坚持", "是否长期坚持", "整改方式", "整改类别", "整改性质", "整改时限类型", "时限类型"},
	fieldProgress: {"整改进展", "完成情况", "整改进度", "整改描述", "整改措施完成情况", "已采取的整改措施", "具体责任单位整改情况",
		"整改情况", "进展情况", "落实情况", "整改落实情况", "工作进展", "整改完成情况", "整改进展情况", "目前进展", "推进情况", "完成进度",
		"整改结果", "办理情况", "落实进展", "整改成效", "最新进展", "当前进展", "办理进展", "工作进展情况", "进展", "进度",
		"实际完成时间", "实际完成日期", "实际办结时间", "整改完成情况及佐证", "整改进展及佐证", "完成情况及佐证"}, // said with the progress, not a second deadline
	fieldClosed: {"是否销号", "销号情况", "销号", "是否已销号", "销号状态", "是否完成销号", "是否完成", "整改状态", "完成状态", "是否整改到位",
		"是否完成整改", "是否办结", "办结情况", "是否整改完成", "整改是否到位", "是否整改完毕", "是否已完成整改", "是否已整改", "完成与否", "整改完成与否", "是否已办结", "是否整改",
		"销号时间", "销号日期", "完成销号时间"}, // a date there: done
	fieldNote: {"备注"},
}

// localLeader is a leader column named by the level of government.
var localLeader = regexp.MustCompile(`^(?:责任|分管|牵头|包抓|联系|包案|挂帅|包联)?[省市县区镇乡校院厅局委]领导$`)

// datedProgress is a progress column named with its time, the rest of the
// label in the group.
var datedProgress = regexp.MustCompile(`^(?:截[至止])?(?:\d{4}年)?(?:\d{1,2}月(?:份|底|末)?(?:\d{1,2}[日号])?|第?[一二三四1-4]季度|上半年|下半年|年底|年中)(?:前|底|末)?(?:的)?(.+)$`)

var (
	headerNoise   = regexp.MustCompile(`[\s\x{3000}\x{00a0}*＊:：]+`)
	parenthetical = regexp.MustCompile(`（[^）]*）|\([^)]*\)`)
)

// normalizeHeader removes spaces, line breaks, required-field stars and colons.
func normalizeHeader(s string) string {
	return headerNoise.ReplaceAllString(s, "")
}

// matchHeader returns the field a header label names: an exact alias, then
// an alias once a parenthetical such as "（万元）" is dropped, then the
// longest alias of four or more characters that a short label contains.
func matchHeader(label string) field {
	label = normalizeHeader(label)
	if label == "" {
		return fieldNone
	}
	if f := exactField(label); f != fieldNone {
		return f
	}
	if f := exactField(parenthetical.ReplaceAllString(label, "")); f != fieldNone {
		return f
	}
	if countLabel.MatchString(label) {
		return fieldNone // 整改任务数, 完成时限内完成率, 整改措施（项）: a summary's figures
	}
	if f := deadlineLabel(parenthetical.ReplaceAllString(label, "")); f != fieldNone {
		return f // 原定时限 | 调整后完成时限, 延期至
	}
	if localLeader.MatchString(label) {
		return fieldLeader // 责任市领导, 分管县领导, 牵头区领导
	}
	if m := datedProgress.FindStringSubmatch(label); m != nil && (m[1] == "进展" || exactField(m[1]) == fieldProgress) {
		return fieldProgress // 6月进展, 2022年9月底整改进展, 第三季度完成情况, 截至6月30日进展情况
	}
	if utf8.RuneCountInString(label) > 20 || strings.ContainsAny(label, "佐因据额验审") {
		return fieldNone // long text, or 佐证材料/原因分析/法规依据/问题金额/验收/审核意见
	}
	best, bestLen := fieldNone, 3
	for f := range fieldCount {
		for _, a := range aliases[f] {
			if n := utf8.RuneCountInString(a); n > bestLen && strings.Contains(label, a) {
				best, bestLen = f, n
			}
		}
	}
	return best
}

var (
	// originalDeadline labels the deadline first set: 原完成时限, 原定时限.
	originalDeadline = regexp.MustCompile(`^原(?:定|计划|来|定的)?(?:完成|整改|办结)?(?:时限|时间|期限|日期)$`)
	// adjustedDeadline labels a later one: 调整后完成时限, 调整时限,
	// 延期后完成时间, 延期至, 新完成时限.
	adjustedDeadline = regexp.MustCompile(`^(?:(?:调整|变更|延期|延长|顺延|修改|更改)(?:后的?)?(?:完成|整改|办结)?(?:时限|时间|期限|日期|时间节点)|(?:调整|延期|延长|延后|顺延)至|新的?(?:完成|整改|办结)(?:时限|时间|期限))$`)
)

// countLabel is the label of a count or a rate, as a summary of a ledger
// has them: 任务数, 完成数, 完成率, 按期完成率, 整改措施（项）, 占比.
var countLabel = regexp.MustCompile(`(?:数|数量|个数|率|占比|比例|比重|[（(](?:项|个|条|件|%|％)[）)])$`)

// deadlineLabel reads the labels of a deadline that was adjusted.
func deadlineLabel(label string) field {
	switch {
	case originalDeadline.MatchString(label):
		return fieldDeadline
	case adjustedDeadline.MatchString(label):
		return fieldAdjusted
	}
	return fieldNone
}

func exactField(label string) field {
	for f := range fieldCount {
		for _, a := range aliases[f] {
			if label == a {
				return f
			}
		}
	}
	return fieldNone
}

// numbering matches the numbering clerks put before a heading: 一、 （一）
// (1) 1. 1、 1） ①, 1-1, or "1.1 " followed by a space. Digits need a separator, so
// "2021年" is left alone.
var numbering = regexp.MustCompile(`^\s*(?:[一二三四五六七八九十百零〇]+[、.．]|[（(][一二三四五六七八九十百零〇\d]+[）)][、.．]?|` +
	`\d+(?:[.．]\d+)+\s+|\d+(?:[.．]\d+)*[.、．]|\d{1,2}(?:[-－]\d{1,2})+(?:\s+|[、.．])|\d{1,2}[）)]|[①-⑳])\s*`)

// yearAfter is a year right after a number: 1.2023年…, numbered, not 1.2023.
var yearAfter = regexp.MustCompile(`^(?:19|20)\d\d年`)

// stripNumbering removes one leading numbering prefix and surrounding
// space. "3.5万元…" keeps its number: a dot followed by a digit is a decimal.
func stripNumbering(s string) string {
	s = strings.TrimSpace(s)
	// （一）1.县财政局…: an audit report's section and item, both (the
	// item's number was left).
	for range 2 {
		loc := numbering.FindStringIndex(s)
		if loc == nil {
			return s
		}
		rest := s[loc[1]:]
		if strings.HasSuffix(strings.TrimSpace(s[:loc[1]]), ".") && rest != "" && rest[0] >= '0' && rest[0] <= '9' && !yearAfter.MatchString(rest) {
			return s
		}
		s = strings.TrimSpace(rest)
	}
	return s
}

// splitTitle splits a cell into its first line (the title) and the rest.
func splitTitle(s string) (title, rest string) {
	s = strings.ReplaceAll(strings.TrimSpace(s), "\r\n", "\n")
	title, rest, _ = strings.Cut(s, "\n")
	return strings.TrimSpace(title), strings.TrimSpace(rest)
}

// joinTitle is the inverse of splitTitle.
func joinTitle(title, rest string) string {
	if rest == "" {
		return title
	}
	return title + "\n" + rest
}

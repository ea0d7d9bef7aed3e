package report

import (
	"fmt"
	"strings"

	"duban/internal/duban"
)

// SupervisionInput is what a formal supervision notice (督办单) says.
type SupervisionInput struct {
	Number      string           // 督办〔2021〕3号
	Unit        string           // the supervised unit's full name
	Problem     string           // the problem the measure answers
	Task        string           // the measure
	Deadline    string           // its deadline as a label: 2021年12月31日 / 长期坚持
	DaysOverdue int              // working days past the deadline; 0 if not overdue
	Requirement string           // what the unit must do; a default is written when empty
	ReplyDue    duban.Date       // the written reply is due by this day
	Office      string           // the issuing office
	Kind        duban.SourceKind // the plan's source: its words name the work
	Date        duban.Date       // the date of issue
}

// SupervisionNotice composes the 督办单 of an assignment.
func SupervisionNotice(in SupervisionInput) *duban.Document {
	w := duban.WordsOf(in.Kind)
	d := &duban.Document{Title: "督办通知单", Number: in.Number, Recipient: in.Unit, Signature: in.Office, Date: in.Date}
	item := fmt.Sprintf("你单位承担的整改举措“%s”", strings.TrimRight(in.Task, "。"))
	if in.Problem != "" {
		item = fmt.Sprintf("你单位承担的“%s”问题的整改举措“%s”", in.Problem, strings.TrimRight(in.Task, "。"))
	}
	status := fmt.Sprintf("整改时限为%s。", in.Deadline)
	if in.DaysOverdue > 0 {
		status = fmt.Sprintf("整改时限为%s，截至目前已超期%d个工作日，仍未完成整改。", in.Deadline, in.DaysOverdue)
	}
	req := strings.TrimSpace(in.Requirement)
	if req == "" {
		req = "请你单位高度重视，主要负责同志亲自过问，认真分析原因，采取有力措施加快整改进度，确保按要求整改到位。"
	}
	d.Blocks = []duban.Block{
		{Text: "为推动" + w.Rectify + "任务按期落实到位，现对你单位承担的整改任务进行督办。"},
		{Level: 1, Heading: "一、督办事项", Text: ""},
		{Text: item + "，" + status},
		{Level: 1, Heading: "二、督办要求"},
		{Text: req},
		{Level: 1, Heading: "三、回复时限"},
		{Text: fmt.Sprintf("请于%s前将整改落实情况及佐证材料书面报送%s。逾期未回复的，将按规定予以通报。", in.ReplyDue.Chinese(), in.Office)},
	}
	return d
}

package duban

import (
	"regexp"
	"strings"
)

// KindWords are the words a document uses for the work its source is: a
// 巡察 notice never says 巡视, an audit report speaks of 审计查出问题. Every
// sentence of a generated notice or 督办单 that names the work takes its
// words from here.
type KindWords struct {
	Work      string // 巡视, 巡察, 审计, 督查, 自查, 批示办理
	Team      string // who found the problems when the source names none: 巡视组, 审计组
	Found     string // the problems the work found: 巡视反馈问题, 审计查出问题
	Opinion   string // what was handed over: 巡视意见, 审计报告
	Handed    string // how it was handed over: 反馈了巡视意见, 出具了审计报告
	Done      string // the verb phrase of the work: 开展了巡视, 进行了审计
	Rules     string // the ground of publication: 根据巡视工作有关规定
	Group     string // the leading group: 巡视整改工作领导小组
	Rectify   string // the rectification: 巡视整改
	Supervise string // 对巡视整改落实情况进行监督
}

// kindWords holds the words of each kind; a kind missing here speaks as an
// inspection.
var kindWords = map[SourceKind]KindWords{
	SourceInspection: {Work: "巡视", Team: "巡视组", Found: "巡视反馈问题", Opinion: "巡视意见", Done: "开展了巡视", Handed: "反馈了巡视意见",
		Rules: "根据巡视工作有关规定", Group: "巡视整改工作领导小组", Rectify: "巡视整改"},
	SourcePatrol: {Work: "巡察", Team: "巡察组", Found: "巡察反馈问题", Opinion: "巡察意见", Done: "开展了巡察", Handed: "反馈了巡察意见",
		Rules: "根据巡察工作有关规定", Group: "巡察整改工作领导小组", Rectify: "巡察整改"},
	SourceAudit: {Work: "审计", Team: "审计组", Found: "审计查出问题", Opinion: "审计报告", Done: "进行了审计", Handed: "出具了审计报告",
		Rules: "按照审计整改工作有关要求", Group: "审计整改工作领导小组", Rectify: "审计整改"},
	SourceSupervision: {Work: "督查", Team: "督查组", Found: "督查发现问题", Opinion: "督查意见", Done: "开展了督查", Handed: "反馈了督查意见",
		Rules: "按照督查工作有关要求", Group: "督查整改工作领导小组", Rectify: "督查整改"},
	SourceSelf: {Work: "自查", Team: "自查工作组", Found: "自查发现问题", Opinion: "自查报告", Done: "开展了自查", Handed: "形成了自查报告",
		Rules: "按照有关工作要求", Group: "整改工作领导小组", Rectify: "自查整改"},
	SourceInstruction: {Work: "批示办理", Team: "督查室", Found: "领导批示事项", Opinion: "批示意见", Done: "作出了批示", Handed: "提出了办理要求",
		Rules: "按照批示件办理工作有关要求", Group: "批示件办理工作领导小组", Rectify: "批示事项办理"},
	SourcePublic: {Work: "群众反映问题办理", Team: "信访部门", Found: "群众反映问题", Opinion: "群众意见", Done: "反映了问题", Handed: "转交了群众意见",
		Rules: "按照有关工作要求", Group: "整改工作领导小组", Rectify: "群众反映问题整改"},
	SourcePolicy: {Work: "政策任务落实", Team: "牵头部门", Found: "政策落实任务", Opinion: "任务分工方案", Done: "作出了部署", Handed: "印发了任务分工方案",
		Rules: "按照有关工作要求", Group: "工作领导小组", Rectify: "政策任务落实"},
}

// WordsOf returns the words of a kind; a central inspection speaks as an
// inspection, and so does an unknown or empty kind.
func WordsOf(k SourceKind) KindWords {
	w, ok := kindWords[k]
	if !ok {
		w = kindWords[SourceInspection]
	}
	w.Supervise = "对" + w.Rectify + "落实情况进行监督"
	return w
}

// kindMarks are the words that tell a document's kind, in the order they are
// tried: 巡察 before 巡视, as a 巡察 notice may cite 巡视巡察 rules.
var kindMarks = []struct {
	word string
	kind SourceKind
}{
	{"巡察", SourcePatrol}, {"巡视", SourceInspection}, {"审计", SourceAudit},
	{"督查", SourceSupervision}, {"自查", SourceSelf}, {"批示", SourceInstruction},
}

// KindOf tells the kind of work a document is about from its title, or, when
// the title names none, from the word its text uses most; "" when neither
// says. An inspection by a 中央第…巡视组 is a central inspection.
func KindOf(title, text string) SourceKind {
	kind := SourceKind("")
	for _, m := range kindMarks {
		if strings.Contains(title, m.word) {
			kind = m.kind
			break
		}
	}
	if kind == "" {
		most := 0
		for _, m := range kindMarks {
			if n := strings.Count(text, m.word); n > most {
				kind, most = m.kind, n
			}
		}
	}
	if kind == SourceInspection && centralTeam.MatchString(title+text) {
		return SourceCentralInspection
	}
	return kind
}

var centralTeam = regexp.MustCompile(`中央第[一二三四五六七八九十]+巡视组`)

// RoundPattern matches an inspection round as documents name it
// (十三届省委第十一轮, 县委第二轮); TeamPattern an inspection team (省委第一巡视组,
// 市委第二巡察组). Notices and ledgers alike are read with them.
var (
	RoundPattern = regexp.MustCompile(`(?:[一二三四五六七八九十]+届)?(?:中央|省委|市委|州委|盟委|区委|县委|旗委|党委|党组)?第[一二三四五六七八九十0-9０-９]+轮`)
	TeamPattern  = regexp.MustCompile(`(?:中央|省委|市委|州委|盟委|区委|县委|旗委|党委|党组)第[一二三四五六七八九十0-9０-９]+(?:巡视|巡察)组`)
)

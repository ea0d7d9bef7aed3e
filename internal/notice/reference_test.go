package notice

import (
	"errors"
	"io/fs"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"
)

// referenceNotice is the public notice the project is built around; the
// project keeps shared/ beside the repository.
const referenceNotice = "../../../shared/reference/seed-notice-shaanxi-kejigongwei-2022.txt"

func mustReference(t *testing.T) *Result {
	t.Helper()
	b, err := os.ReadFile(referenceNotice)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("reference notice %s is absent: shared/ is kept beside the repository", referenceNotice)
	}
	if err != nil {
		t.Fatal(err)
	}
	return Parse(string(b))
}

func TestReferenceCounts(t *testing.T) {
	r := mustReference(t)
	a, p, s, m := r.Outline.Counts()
	for _, c := range []struct {
		name      string
		got, want int
	}{{"aspects", a, 4}, {"problems", p, 12}, {"subproblems", s, 0}, {"measures", m, 23}} {
		if c.got != c.want {
			t.Errorf("%s: got %d, want %d", c.name, c.got, c.want)
		}
	}
	if len(r.Unplaced) != 0 {
		t.Errorf("unplaced: got %q, want none", r.Unplaced)
	}
}

func TestReferenceTree(t *testing.T) {
	r := mustReference(t)
	var aspects, problems []string
	var perProblem []int
	for _, as := range r.Outline.Aspects {
		aspects = append(aspects, as.Title)
		for _, p := range as.Children {
			problems = append(problems, p.Title)
			perProblem = append(perProblem, len(p.Measures))
		}
	}
	if want := []string{"责任落实方面", "政策落实方面", "工作落实方面", "典型问题"}; !slices.Equal(aspects, want) {
		t.Errorf("aspects: got %q, want %q", aspects, want)
	}
	if want := []int{2, 2, 1, 2, 2, 1, 1, 4, 3, 1, 1, 3}; !slices.Equal(perProblem, want) {
		t.Errorf("measures per problem: got %v, want %v", perProblem, want)
	}
	if len(problems) != 12 {
		t.Fatalf("problems: got %d, want 12", len(problems))
	}
	for _, c := range []struct {
		i    int
		want string
	}{
		{0, "落实创新驱动发展政治责任不够到位"},
		{2, "部分市县党委落实创新驱动发展责任有差距"},
		{6, "工作标准不够高"},
		{8, "工作力度不够大"}, // written 关于“工作力度不够大”问题整改情况。
		{9, "落实省委领导批示不够有力,压电单晶项目落地江苏扬中市"},
		{10, "部分国有企业对科技创新重视不足,折叠显示器用柔性玻璃转化项目落地山东济宁市"},
		{11, "实施重大科技专项前紧后松"},
	} {
		if problems[c.i] != c.want {
			t.Errorf("problem %d: got %q, want %q", c.i+1, problems[c.i], c.want)
		}
	}
}

func TestReferenceMeasures(t *testing.T) {
	r := mustReference(t)
	p1 := r.Outline.Aspects[0].Children[0]
	m := p1.Measures[0]
	if want := "深入学习贯彻习近平总书记来陕考察重要讲话重要指示和关于创新驱动发展的重要论述"; m.Title != want {
		t.Errorf("first measure title: got %q, want %q", m.Title, want)
	}
	if !strings.HasPrefix(m.Content, "把学习贯彻") || strings.Contains(m.Content, "二是") {
		t.Errorf("first measure content: got %q, want what follows its title, stopping before 二是", m.Content)
	}
	p3 := r.Outline.Aspects[0].Children[2]
	if want := "加强对创新驱动发展工作的组织领导和推动落实"; p3.Measures[0].Title != want {
		t.Errorf("whole-paragraph measure title: got %q, want %q", p3.Measures[0].Title, want)
	}
	if p3.Text != "" {
		t.Errorf("problem text: got %q, want none (the paragraph is the measure)", p3.Text)
	}
	last := r.Outline.Aspects[3].Children[2].Measures[2]
	if want := "深入落实好招商引资优惠政策"; last.Title != want {
		t.Errorf("last measure title: got %q, want %q", last.Title, want)
	}
}

func TestReferenceMeta(t *testing.T) {
	r := mustReference(t)
	m := r.Outline.Meta
	for _, c := range []struct{ name, got, want string }{
		{"unit", m.Unit, "中共陕西省委科技工委"},
		{"title", m.Title, "关于十三届省委第十一轮巡视整改进展情况的通报"},
		{"round", m.Round, "十三届省委第十一轮"},
		{"team", m.Team, "省委第一巡视组"},
		{"topic", m.Topic, "我省贯彻创新驱动发展战略作风建设情况"},
		{"onsite start", m.OnsiteStart.String(), "2021-05-27"},
		{"onsite end", m.OnsiteEnd.String(), "2021-06-27"},
		{"feedback", m.FeedbackDate.String(), "2021-08-26"},
		{"signed", m.SignedDate.String(), "2022-09-30"},
	} {
		if c.got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, c.got, c.want)
		}
	}
	want := map[string]int{"aspects": 4, "problems": 13, "subproblems": 22}
	if !maps.Equal(m.Stated, want) {
		t.Errorf("stated: got %v, want %v", m.Stated, want)
	}
}

// TestReferenceCheck: the notice states the plan's 13 problems (22 specific
// ones) but reports progress on 12; Check must say so.
func TestReferenceCheck(t *testing.T) {
	r := mustReference(t)
	got := r.Check()
	want := []string{"通报称13个问题，识别出12个", "通报称22个具体问题，识别出0个"}
	if !slices.Equal(got, want) {
		t.Errorf("check: got %q, want %q", got, want)
	}
}

package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"duban/internal/duban"
	"duban/internal/notify"
	"duban/internal/store"
)

// channelTestTimeout bounds a test message, so that a robot that does not
// answer does not hold the page.
const channelTestTimeout = 15 * time.Second

type channelRow struct {
	store.Channel
	Unit, Host string
}

type channelValues struct {
	Kind, URL string
	Unit      int64
}

type channelsData struct {
	Base
	Channels []channelRow
	Units    []unitOption
	Kinds    []string
	Form     channelValues
	Error    string
	Fields   map[string]string
}

var channelKinds = []string{"dingtalk", "wecom", "feishu"}

// channelsPage lists the DingTalk, WeCom and Feishu robots and adds them:
// the system administrator's.
func (s *Server) channelsPage(w http.ResponseWriter, r *http.Request) error {
	ctx, p := r.Context(), principal(r)
	if err := p.RequireAdmin("配置消息通道（由系统管理员负责）"); err != nil {
		return err
	}
	data := channelsData{Base: s.base(r, "sys.chan.title"), Kinds: channelKinds, Form: channelValues{Kind: "dingtalk"}}
	status := http.StatusOK
	if r.Method == http.MethodPost {
		v := channelValues{Kind: r.PostFormValue("kind"), URL: strings.TrimSpace(r.PostFormValue("url")), Unit: admFormID(r.PostFormValue("unit_id"))}
		c := &store.Channel{Kind: v.Kind, URL: v.URL, Secret: strings.TrimSpace(r.PostFormValue("secret"))}
		if v.Unit != 0 {
			c.UnitID = &v.Unit
		}
		err := s.db.CreateChannel(ctx, p, c)
		if err == nil {
			return admDone(w, r, admT(r, "sys.flash.chancreated"), fmt.Sprintf("/channels#chan-%d", c.ID))
		}
		if !admFormFailure(err) {
			return err
		}
		data.Form, status = v, admStatus(err)
		data.Error, data.Fields = formError(lang(r), err)
	}
	opts, names, err := s.unitOptions(r)
	if err != nil {
		return err
	}
	data.Units = opts
	chans, err := s.db.ListChannels(ctx, p)
	if err != nil {
		return err
	}
	for _, c := range chans {
		row := channelRow{Channel: c, Host: c.URL}
		if u, err := url.Parse(c.URL); err == nil {
			row.Host = u.Scheme + "://" + u.Host + u.Path // the token in the query stays hidden
		}
		if c.UnitID != nil {
			row.Unit = names[*c.UnitID]
		}
		data.Channels = append(data.Channels, row)
	}
	return s.renderAdm(w, r, status, "channels.html", data)
}

// channelPost turns a channel on or off, or sends a test message through
// it and tells how the robot answered; the test is audited.
func (s *Server) channelPost(w http.ResponseWriter, r *http.Request) error {
	ctx, p := r.Context(), principal(r)
	if err := p.RequireAdmin("配置消息通道（由系统管理员负责）"); err != nil {
		return err
	}
	id, err := adminPathID(r, "id")
	if err != nil {
		return err
	}
	switch op := r.PostFormValue("op"); op {
	case "enable", "disable":
		if err := s.db.SetChannelEnabled(ctx, p, id, op == "enable"); err != nil {
			return err
		}
		return admDone(w, r, admT(r, "sys.flash.chan"+op+"d"), fmt.Sprintf("/channels#chan-%d", id))
	case "test":
		c, err := s.db.FindChannel(ctx, p, id)
		if err != nil {
			return err
		}
		msg, result := s.testChannel(ctx, r, c), "sent"
		if msg != "" {
			result = clip(msg, 200)
		}
		if err := s.db.Record(ctx, p, "channel.test", "channel", id, map[string]string{"kind": c.Kind, "result": result}); err != nil {
			return err
		}
		if msg != "" {
			return admDone(w, r, clip(admT(r, "sys.flash.testfailed", msg), 300), fmt.Sprintf("/channels#chan-%d", id))
		}
		return admDone(w, r, admT(r, "sys.flash.testsent"), fmt.Sprintf("/channels#chan-%d", id))
	default:
		return duban.Errorf(duban.Invalid, "未知的操作“%s”", op)
	}
}

// testChannel posts a test message; it returns why it failed, or "".
func (s *Server) testChannel(ctx context.Context, r *http.Request, c *store.Channel) string {
	sender := notify.Robot(c.Kind, c.URL, c.Secret)
	if sender == nil {
		return "通道类型无效"
	}
	ctx, cancel := context.WithTimeout(ctx, channelTestTimeout)
	defer cancel()
	now := time.Now().In(duban.ChinaTime).Format("2006-01-02 15:04")
	text := fmt.Sprintf("这是督办系统的测试消息（%s，%s 发送）。收到即说明消息通道配置正确。", now, principal(r).Name)
	if err := sender.Send(ctx, notify.Message{Subject: "督办系统测试消息", Text: text}); err != nil {
		// The sender's message names the platform's code and reason,
		// never the webhook's token (notify redacts URLs).
		return err.Error()
	}
	return ""
}

type deliveriesData struct {
	Base
	Status string
	Tabs   []admTab
	Items  []deliveryRow
	More   string
}

// deliveryRow is a delivery with the time to show: when it was sent, or
// when it is (or was last) due.
type deliveryRow struct {
	store.Delivery
	When time.Time
}

// admTab is a link of a row of tabs.
type admTab struct {
	Href, Label string
	Active      bool
}

// deliveriesPage is the delivery log, newest first, by status: the
// system administrator's.
func (s *Server) deliveriesPage(w http.ResponseWriter, r *http.Request) error {
	ctx, p := r.Context(), principal(r)
	if err := p.RequireAdmin("查看发送日志（由系统管理员负责）"); err != nil {
		return err
	}
	q := r.URL.Query()
	data := deliveriesData{Base: s.base(r, "sys.dlv.title"), Status: q.Get("status")}
	for _, st := range []string{"", "pending", "sent", "failed", "skipped"} {
		href := "/deliveries"
		if st != "" {
			href += "?status=" + st
		}
		data.Tabs = append(data.Tabs, admTab{Href: href, Label: data.T("sys.dlv.st." + st), Active: st == data.Status})
	}
	list, err := s.db.ListDeliveries(ctx, p, data.Status, duban.Page{Limit: 50, Cursor: q.Get("cursor")})
	if err != nil {
		return err
	}
	for _, d := range list.Items {
		row := deliveryRow{Delivery: d, When: d.NextAt}
		if d.SentAt != nil {
			row.When = *d.SentAt
		}
		data.Items = append(data.Items, row)
	}
	if list.NextCursor != "" {
		q.Set("cursor", list.NextCursor)
		data.More = "/deliveries?" + q.Encode()
	}
	return s.render(w, r, "deliveries.html", data)
}

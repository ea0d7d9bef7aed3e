package web

// registerMorePages registers the pages beyond login and the inbox; each
// group of pages lives in its own file.
func (s *Server) registerMorePages() {}

package api

import (
	"regexp"
	"strings"
)

var pathParam = regexp.MustCompile(`:([A-Za-z_]+)`)

// OpenAPIPath turns a gin path (/fairs/:id) into an OpenAPI one (/fairs/{id}).
func OpenAPIPath(p string) string { return pathParam.ReplaceAllString(p, "{$1}") }

// OpenAPI describes every route of the table as an OpenAPI 3 document.
func OpenAPI(routes []Route) map[string]any {
	paths := map[string]map[string]any{}
	for _, rt := range routes {
		p := OpenAPIPath(rt.Path)
		if paths[p] == nil {
			paths[p] = map[string]any{}
		}
		op := map[string]any{
			"summary": rt.Summary,
			"tags":    []string{tagOf(rt.Path)},
		}
		var params []map[string]any
		for _, m := range pathParam.FindAllStringSubmatch(rt.Path, -1) {
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true,
				"schema": map[string]any{"type": "string"}})
		}
		if strings.HasPrefix(rt.Path, "/api/v1/") && rt.Method == "GET" && !rt.Raw {
			params = append(params, listParams(rt.Path)...)
		}
		if len(params) > 0 {
			op["parameters"] = params
		}
		if len(rt.Roles) == 0 {
			op["security"] = []any{}
		} else {
			op["description"] = "可调用的角色：" + strings.Join(rt.Roles, "、")
		}
		if rt.Method == "POST" || rt.Method == "PATCH" {
			if rt.MaxBody > 0 {
				op["requestBody"] = map[string]any{"required": true, "content": map[string]any{
					"multipart/form-data": map[string]any{"schema": map[string]any{"type": "object",
						"properties": map[string]any{"file": map[string]any{"type": "string", "format": "binary"}}}}}}
			} else {
				op["requestBody"] = map[string]any{"content": map[string]any{
					"application/json": map[string]any{"schema": map[string]any{"type": "object"}}}}
			}
		}
		op["responses"] = responses(rt)
		paths[p][strings.ToLower(rt.Method)] = op
	}
	paths["/metrics"] = map[string]any{"get": map[string]any{"summary": "Prometheus 指标", "tags": []string{"operations"},
		"security": []any{}, "responses": map[string]any{"200": map[string]any{"description": "Prometheus 文本格式",
			"content": map[string]any{"text/plain": map[string]any{"schema": map[string]any{"type": "string"}}}}}}}
	paths["/api/openapi.json"] = map[string]any{"get": map[string]any{"summary": "本接口文档（OpenAPI 3）", "tags": []string{"operations"},
		"security": []any{}, "responses": map[string]any{"200": map[string]any{"description": "OpenAPI 文档"}}}}
	return map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{"title": "辽宁省就业招聘服务平台 API", "version": "1.0.0",
			"description": "招聘会、用人单位、岗位、就业登记与年度目标完成情况。错误统一返回 {\"error\":{\"code\",\"message\",\"fields\"}}。"},
		"servers": []any{map[string]any{"url": "/"}},
		"paths":   paths,
		"components": map[string]any{
			"securitySchemes": map[string]any{
				"bearer": map[string]any{"type": "http", "scheme": "bearer"},
				"cookie": map[string]any{"type": "apiKey", "in": "cookie", "name": "jobfair_session"},
			},
			"schemas": map[string]any{
				"Error": map[string]any{"type": "object", "required": []string{"error"}, "properties": map[string]any{
					"error": map[string]any{"type": "object", "required": []string{"code", "message"}, "properties": map[string]any{
						"code":     map[string]any{"type": "string"},
						"message":  map[string]any{"type": "string"},
						"fields":   map[string]any{"type": "object", "additionalProperties": map[string]any{"type": "string"}},
						"rows":     map[string]any{"type": "array", "items": map[string]any{"type": "object"}},
						"bad_rows": map[string]any{"type": "integer"},
						"id":       map[string]any{"type": "integer"},
					}}}},
			},
		},
		"security": []any{map[string]any{"bearer": []any{}}, map[string]any{"cookie": []any{}}},
	}
}

func tagOf(path string) string {
	p := strings.TrimPrefix(path, "/api/v1/")
	seg, _, _ := strings.Cut(p, "/")
	if seg == "/healthz" || seg == "" || strings.HasPrefix(path, "/healthz") || path == "/readyz" {
		return "operations"
	}
	return seg
}

func listParams(path string) []map[string]any {
	if strings.Contains(path, ":") && !strings.HasSuffix(path, "/signups") && !strings.HasSuffix(path, "/reports") {
		return nil
	}
	var out []map[string]any
	for _, name := range []string{"page", "page_size"} {
		out = append(out, map[string]any{"name": name, "in": "query", "schema": map[string]any{"type": "integer"}})
	}
	return out
}

func responses(rt Route) map[string]any {
	ok := "200"
	switch {
	case rt.Method == "POST" && (strings.HasSuffix(rt.Path, "/login") || strings.HasSuffix(rt.Path, "/logout") || strings.HasSuffix(rt.Path, "/password")):
		ok = "200"
	case rt.Method == "POST":
		ok = "201"
	case rt.Method == "DELETE":
		ok = "204"
	}
	content := map[string]any{"application/json": map[string]any{"schema": map[string]any{"type": "object"}}}
	if rt.Raw {
		mime := "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		if strings.HasSuffix(rt.Path, ".csv") {
			mime = "text/csv"
		}
		content = map[string]any{mime: map[string]any{"schema": map[string]any{"type": "string", "format": "binary"}}}
	}
	errRef := map[string]any{"content": map[string]any{"application/json": map[string]any{
		"schema": map[string]any{"$ref": "#/components/schemas/Error"}}}}
	out := map[string]any{ok: map[string]any{"description": "成功", "content": content}}
	if ok == "204" {
		out[ok] = map[string]any{"description": "成功"}
	}
	for code, desc := range map[string]string{"400": "请求格式错误", "401": "未登录", "403": "无权限", "404": "不存在",
		"409": "冲突", "413": "过大", "422": "数据校验失败", "429": "请求过于频繁"} {
		r := map[string]any{"description": desc}
		for k, v := range errRef {
			r[k] = v
		}
		out[code] = r
	}
	return out
}

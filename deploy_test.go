package main

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"jobfair/sheet"
)

// TestComposeScalesOut checks the deployment example in docker-compose.yml
// and deploy/nginx.conf, since no Docker engine runs them here: identical app
// instances on one PostgreSQL, each health-checked for readiness and reached
// only through the proxy, whose address is the one trusted proxy.
func TestComposeScalesOut(t *testing.T) {
	data, err := os.ReadFile("docker-compose.yml")
	if err != nil {
		t.Fatal(err)
	}
	type service struct {
		Image       string            `yaml:"image"`
		Build       any               `yaml:"build"`
		Environment map[string]string `yaml:"environment"`
		DependsOn   map[string]struct {
			Condition string `yaml:"condition"`
		} `yaml:"depends_on"`
		Healthcheck *struct {
			Test []string `yaml:"test"`
		} `yaml:"healthcheck"`
		Volumes  []string `yaml:"volumes"`
		Ports    []string `yaml:"ports"`
		Networks map[string]struct {
			IPv4 string `yaml:"ipv4_address"`
		} `yaml:"networks"`
	}
	var compose struct {
		Services map[string]service `yaml:"services"`
		Volumes  map[string]any     `yaml:"volumes"`
	}
	if err := yaml.Unmarshal(data, &compose); err != nil {
		t.Fatalf("parse docker-compose.yml: %v", err)
	}
	known := map[string]bool{}
	for _, s := range Settings {
		known[s.Name] = true
	}
	proxy, ok := compose.Services["proxy"]
	if !ok || !strings.HasPrefix(proxy.Image, "nginx:") {
		t.Fatalf("no nginx proxy service: %+v", proxy)
	}
	if len(proxy.Ports) == 0 {
		t.Error("the proxy publishes no port")
	}
	proxyIP := ""
	for _, n := range proxy.Networks {
		if n.IPv4 != "" {
			proxyIP = n.IPv4
		}
	}
	conf, err := os.ReadFile("deploy/nginx.conf")
	if err != nil {
		t.Fatal(err)
	}
	mounted := false
	for _, v := range proxy.Volumes {
		if strings.HasPrefix(v, "./deploy/nginx.conf:") {
			mounted = true
		}
	}
	if !mounted {
		t.Error("the proxy does not mount deploy/nginx.conf")
	}

	var apps []string
	backups := 0
	for name, s := range compose.Services {
		if s.Build == nil {
			continue
		}
		apps = append(apps, name)
		app := compose.Services["app"]
		for _, key := range []string{"JOBFAIR_DB", "JOBFAIR_SECRET", "JOBFAIR_TRUSTED_PROXIES"} {
			if s.Environment[key] == "" || s.Environment[key] != app.Environment[key] {
				t.Errorf("%s: %s %q differs from app's %q: every instance must share it", name, key, s.Environment[key], app.Environment[key])
			}
		}
		for key := range s.Environment {
			if !known[key] {
				t.Errorf("%s sets %s, which the server does not read", name, key)
			}
		}
		if proxyIP == "" || s.Environment["JOBFAIR_TRUSTED_PROXIES"] != proxyIP {
			t.Errorf("%s trusts %q as proxy, the proxy's address is %q", name, s.Environment["JOBFAIR_TRUSTED_PROXIES"], proxyIP)
		}
		if s.Healthcheck == nil || !strings.Contains(strings.Join(s.Healthcheck.Test, " "), "/readyz") {
			t.Errorf("%s has no readiness health check", name)
		}
		if s.DependsOn["db"].Condition != "service_healthy" {
			t.Errorf("%s does not wait for a healthy db", name)
		}
		if len(s.Ports) > 0 {
			t.Errorf("%s publishes %v: instances are reached through the proxy", name, s.Ports)
		}
		if proxy.DependsOn[name].Condition == "" {
			t.Errorf("the proxy does not wait for %s", name)
		}
		if !strings.Contains(string(conf), "server "+name+":8080") {
			t.Errorf("deploy/nginx.conf does not send requests to %s", name)
		}
		if dir := s.Environment["JOBFAIR_BACKUP_DIR"]; dir != "" {
			backups++
			inVolume := false
			for _, v := range s.Volumes {
				parts := strings.Split(v, ":")
				if _, named := compose.Volumes[parts[0]]; named && len(parts) >= 2 && parts[1] == dir {
					inVolume = true
				}
			}
			if !inVolume {
				t.Errorf("%s keeps its backups in %s, which is in no volume", name, dir)
			}
		}
	}
	if len(apps) < 2 {
		t.Errorf("app instances %v: the example scales out to two", apps)
	}
	if backups != 1 {
		t.Errorf("%d instances take scheduled backups, want exactly one", backups)
	}
	for _, want := range []string{"proxy_pass http://jobfair", "X-Forwarded-For $remote_addr", "X-Request-ID"} {
		if !strings.Contains(string(conf), want) {
			t.Errorf("deploy/nginx.conf lacks %q", want)
		}
	}
	var size int64
	if _, err := fmt.Sscanf(string(conf)[strings.Index(string(conf), "client_max_body_size"):], "client_max_body_size %dm", &size); err != nil ||
		size<<20 < sheet.MaxUpload+64<<10 {
		t.Errorf("client_max_body_size %dm is below an import's 20 MB upload (%v)", size, err)
	}
}

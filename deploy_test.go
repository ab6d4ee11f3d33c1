package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// k8sObject is what the test reads of a Kubernetes manifest.
type k8sObject struct {
	Kind     string `yaml:"kind"`
	Metadata struct {
		Name string `yaml:"name"`
	} `yaml:"metadata"`
	Data map[string]string `yaml:"data"`
	Spec struct {
		Replicas    *int   `yaml:"replicas"`
		ServiceName string `yaml:"serviceName"`
		Selector    struct {
			MatchLabels map[string]string `yaml:"matchLabels"`
		} `yaml:"selector"`
		Ports []struct {
			Port int `yaml:"port"`
		} `yaml:"ports"`
		Template struct {
			Metadata struct {
				Labels map[string]string `yaml:"labels"`
			} `yaml:"metadata"`
			Spec struct {
				Containers []k8sContainer `yaml:"containers"`
			} `yaml:"spec"`
		} `yaml:"template"`
	} `yaml:"spec"`
}

type k8sContainer struct {
	Name  string `yaml:"name"`
	Image string `yaml:"image"`
	Env   []struct {
		Name      string `yaml:"name"`
		Value     *string
		ValueFrom struct {
			SecretKeyRef *struct{ Name, Key string } `yaml:"secretKeyRef"`
			FieldRef     *struct {
				FieldPath string `yaml:"fieldPath"`
			} `yaml:"fieldRef"`
		} `yaml:"valueFrom"`
	} `yaml:"env"`
	Ports []struct {
		Name          string `yaml:"name"`
		ContainerPort int    `yaml:"containerPort"`
	} `yaml:"ports"`
	ReadinessProbe *struct {
		HTTPGet *struct {
			Path string `yaml:"path"`
			Port any    `yaml:"port"`
		} `yaml:"httpGet"`
	} `yaml:"readinessProbe"`
	Resources struct {
		Requests map[string]string `yaml:"requests"`
	} `yaml:"resources"`
}

func (c k8sContainer) env(name string) (value string, secret bool, field string, ok bool) {
	for _, e := range c.Env {
		if e.Name != name {
			continue
		}
		if e.Value != nil {
			value = *e.Value
		}
		if e.ValueFrom.FieldRef != nil {
			field = e.ValueFrom.FieldRef.FieldPath
		}
		return value, e.ValueFrom.SecretKeyRef != nil, field, true
	}
	return "", false, "", false
}

// readManifests decodes every document of the YAML files of deploy/k8s.
func readManifests(t *testing.T) map[string]k8sObject {
	t.Helper()
	files, _ := filepath.Glob("deploy/k8s/*.yaml")
	if len(files) == 0 {
		t.Fatal("no manifests in deploy/k8s")
	}
	objs := map[string]k8sObject{}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		dec := yaml.NewDecoder(bytes.NewReader(raw))
		for {
			var o k8sObject
			err := dec.Decode(&o)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			if o.Kind == "" {
				t.Errorf("%s: a document without kind", f)
			}
			objs[o.Kind+"/"+o.Metadata.Name] = o
		}
	}
	return objs
}

// reSetting finds the settings a deployment file sets.
var reSetting = regexp.MustCompile(`\b(?:TALKSBOT|DISCORD)_[A-Z_]+\b`)

// knownSettings are the environment variables config reads.
func knownSettings(t *testing.T) []string {
	t.Helper()
	src, err := os.ReadFile("config/config.go")
	if err != nil {
		t.Fatal(err)
	}
	return reSetting.FindAllString(string(src), -1)
}

// TestKubernetesManifests: deploy/k8s parses, lists its files in the
// kustomization, and holds what issue 14 asks: a Deployment of HTTP
// replicas ready on /healthz, a StatefulSet of gateway shards whose pod
// ordinal is the shard id and whose replicas are the shard count, Redis
// referenced, secrets only as Secret references, memory requests set.
func TestKubernetesManifests(t *testing.T) {
	objs := readManifests(t)
	var kust struct {
		Resources []string `yaml:"resources"`
	}
	raw, _ := os.ReadFile("deploy/k8s/kustomization.yaml")
	if err := yaml.Unmarshal(raw, &kust); err != nil {
		t.Fatal(err)
	}
	for _, r := range kust.Resources {
		if _, err := os.Stat(filepath.Join("deploy/k8s", r)); err != nil {
			t.Errorf("kustomization lists %s: %v", r, err)
		}
	}
	known := knownSettings(t)
	for _, f := range kust.Resources {
		raw, _ := os.ReadFile(filepath.Join("deploy/k8s", f))
		for _, s := range reSetting.FindAllString(string(raw), -1) {
			if !slices.Contains(known, s) {
				t.Errorf("%s sets %s, which config does not read", f, s)
			}
		}
	}

	cm, ok := objs["ConfigMap/talksbot"]
	if !ok {
		t.Fatal("no ConfigMap talksbot")
	}
	for k := range cm.Data {
		if strings.Contains(k, "TOKEN") || strings.Contains(k, "KEY") {
			t.Errorf("ConfigMap holds %s: secrets belong in the Secret", k)
		}
	}
	redisURL := cm.Data["TALKSBOT_REDIS_URL"]
	redisSvc, ok := objs["Service/talksbot-redis"]
	if !ok || !strings.HasPrefix(redisURL, "redis://talksbot-redis:"+strconv.Itoa(redisSvc.Spec.Ports[0].Port)+"/") {
		t.Errorf("TALKSBOT_REDIS_URL %q does not reach the Service talksbot-redis", redisURL)
	}

	check := func(o k8sObject, secrets ...string) k8sContainer {
		t.Helper()
		if o.Spec.Selector.MatchLabels["app.kubernetes.io/name"] != o.Spec.Template.Metadata.Labels["app.kubernetes.io/name"] {
			t.Errorf("%s: selector %v does not select its pods %v", o.Metadata.Name, o.Spec.Selector.MatchLabels, o.Spec.Template.Metadata.Labels)
		}
		if len(o.Spec.Template.Spec.Containers) != 1 {
			t.Fatalf("%s: %d containers, want 1", o.Metadata.Name, len(o.Spec.Template.Spec.Containers))
		}
		c := o.Spec.Template.Spec.Containers[0]
		for _, s := range secrets {
			if _, secret, _, ok := c.env(s); !ok || !secret {
				t.Errorf("%s: %s is not a secretKeyRef", o.Metadata.Name, s)
			}
		}
		p := c.ReadinessProbe
		if p == nil || p.HTTPGet == nil || p.HTTPGet.Path != "/healthz" {
			t.Errorf("%s: readiness is not /healthz", o.Metadata.Name)
		} else if !slices.ContainsFunc(c.Ports, func(cp struct {
			Name          string `yaml:"name"`
			ContainerPort int    `yaml:"containerPort"`
		}) bool {
			return cp.Name == p.HTTPGet.Port
		}) {
			t.Errorf("%s: readiness port %v is not a declared port", o.Metadata.Name, p.HTTPGet.Port)
		}
		if c.Resources.Requests["memory"] == "" || c.Resources.Requests["cpu"] == "" {
			t.Errorf("%s: no cpu and memory requests", o.Metadata.Name)
		}
		return c
	}

	http, ok := objs["Deployment/talksbot-http"]
	if !ok {
		t.Fatal("no Deployment talksbot-http")
	}
	c := check(http, "DISCORD_TOKEN", "DISCORD_PUBLIC_KEY")
	if v, _, _, _ := c.env("TALKSBOT_GATEWAY"); v != "off" {
		t.Errorf("HTTP replicas: TALKSBOT_GATEWAY %q, want off", v)
	}
	if v, _, _, _ := c.env("TALKSBOT_HTTP_ADDR"); v == "" {
		t.Error("HTTP replicas: no TALKSBOT_HTTP_ADDR")
	}
	if http.Spec.Replicas == nil || *http.Spec.Replicas < 2 {
		t.Error("HTTP replicas: fewer than 2")
	}

	gw, ok := objs["StatefulSet/talksbot-gateway"]
	if !ok {
		t.Fatal("no StatefulSet talksbot-gateway")
	}
	c = check(gw, "DISCORD_TOKEN")
	if _, _, field, _ := c.env("TALKSBOT_SHARD_ID"); field != "metadata.labels['apps.kubernetes.io/pod-index']" {
		t.Errorf("gateway: TALKSBOT_SHARD_ID from %q, want the pod ordinal label", field)
	}
	count, _, _, _ := c.env("TALKSBOT_SHARD_COUNT")
	if gw.Spec.Replicas == nil {
		t.Error("gateway: no replicas")
	} else if count != strconv.Itoa(*gw.Spec.Replicas) {
		t.Errorf("gateway: TALKSBOT_SHARD_COUNT %q, want the StatefulSet's replicas %d", count, *gw.Spec.Replicas)
	}
	if _, ok := objs["Service/"+gw.Spec.ServiceName]; !ok {
		t.Errorf("gateway: serviceName %q is no Service", gw.Spec.ServiceName)
	}
}

// TestComposeFile: compose.yaml parses and runs two HTTP replicas, each
// with its own data volume, sharing Redis, behind one load-balanced port.
func TestComposeFile(t *testing.T) {
	raw, err := os.ReadFile("compose.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var compose struct {
		Services map[string]struct {
			Image       string            `yaml:"image"`
			Environment map[string]string `yaml:"environment"`
			Volumes     []string          `yaml:"volumes"`
			Ports       []string          `yaml:"ports"`
			Profiles    []string          `yaml:"profiles"`
		} `yaml:"services"`
		Volumes map[string]any `yaml:"volumes"`
	}
	if err := yaml.Unmarshal(raw, &compose); err != nil {
		t.Fatal(err)
	}
	known := knownSettings(t)
	volumes := map[string]string{}
	var replicas []string
	for name, s := range compose.Services {
		for k := range s.Environment {
			if !slices.Contains(known, k) {
				t.Errorf("service %s sets %s, which config does not read", name, k)
			}
		}
		if s.Image != "talksbot" {
			continue
		}
		if s.Environment["TALKSBOT_REDIS_URL"] != "redis://redis:6379/0" || compose.Services["redis"].Image == "" {
			t.Errorf("service %s does not share the redis service", name)
		}
		for _, v := range s.Volumes {
			vol, _, _ := strings.Cut(v, ":")
			if other, dup := volumes[vol]; dup {
				t.Errorf("services %s and %s share the volume %s", name, other, vol)
			}
			volumes[vol] = name
			if _, ok := compose.Volumes[vol]; !ok {
				t.Errorf("service %s: volume %s is not declared", name, vol)
			}
		}
		if s.Environment["TALKSBOT_HTTP_ADDR"] != "" && s.Environment["TALKSBOT_GATEWAY"] == "off" {
			replicas = append(replicas, name)
		}
	}
	if len(replicas) != 2 {
		t.Fatalf("HTTP replicas %v, want 2", replicas)
	}
	lb := compose.Services["lb"]
	if len(lb.Ports) != 1 {
		t.Fatalf("lb ports %v, want one", lb.Ports)
	}
	conf, err := os.ReadFile("deploy/compose/nginx.conf")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range replicas {
		if !strings.Contains(string(conf), "server "+r+":8080") {
			t.Errorf("nginx.conf does not balance over %s", r)
		}
	}
}

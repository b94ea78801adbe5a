/// The API's description, OpenAPI 3.1, served at `/api/v1/openapi.json`.
enum OpenAPIDocument {
    static let json = #"""
        {
          "openapi": "3.1.0",
          "info": {"title": "Vigil", "version": "1", "description": "Portfolio, findings, triage, alerts and metrics of a medical-device product-security team. Every route but /health needs Authorization: Bearer TOKEN (vigil token create). Errors: {\"error\": {\"status\", \"code\", \"message\"}}."},
          "servers": [{"url": "/api/v1"}],
          "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
              "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "object", "required": ["status", "code", "message"], "properties": {"status": {"type": "integer"}, "code": {"type": "string"}, "message": {"type": "string"}}}}},
              "Product": {"type": "object", "required": ["name", "createdAt"], "properties": {"name": {"type": "string"}, "description": {"type": "string"}, "createdAt": {"type": "string"}}},
              "Release": {"type": "object", "required": ["product", "version", "support", "sbomFormat", "sbomSHA256", "createdAt"], "properties": {"product": {"type": "string"}, "version": {"type": "string"}, "support": {"enum": ["supported", "security-only", "unsupported"]}, "endOfSupport": {"type": "string"}, "fieldedDevices": {"type": "integer"}, "sbomFormat": {"type": "string"}, "sbomSHA256": {"type": "string"}, "createdAt": {"type": "string"}}},
              "Finding": {"type": "object", "required": ["finding", "vulnerability", "component", "open", "severity", "kev", "fixedVersions"], "properties": {"finding": {"type": "string"}, "vulnerability": {"type": "string"}, "component": {"type": "string"}, "componentVersion": {"type": "string"}, "open": {"type": "boolean"}, "severity": {"type": "string"}, "kev": {"type": "boolean"}, "priority": {"type": "string"}, "fixedVersions": {"type": "array", "items": {"type": "string"}}, "published": {"type": "string"}, "triagedAt": {"type": "string"}, "openedAt": {"type": "string"}}},
              "TriageDecision": {"type": "object", "required": ["id", "vulnerability", "componentName", "state", "responses", "note", "author", "recordedAt", "origin"], "properties": {"id": {"type": "string"}, "vulnerability": {"type": "string"}, "componentName": {"type": "string"}, "componentVersion": {"type": "string"}, "state": {"enum": ["not_affected", "affected", "fixed", "under_investigation"]}, "justification": {"type": "string"}, "responses": {"type": "array", "items": {"type": "string"}}, "note": {"type": "string"}, "author": {"type": "string"}, "recordedAt": {"type": "string"}, "origin": {"type": "string"}}}
            },
            "responses": {
              "Unauthorized": {"description": "no valid token", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
              "Forbidden": {"description": "the role or the token's scope does not allow it", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
              "NotFound": {"description": "no such product or release", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
            }
          },
          "security": [{"bearer": []}],
          "paths": {
            "/products": {
              "get": {"summary": "The products (viewer)", "responses": {"200": {"description": "products", "content": {"application/json": {"schema": {"type": "object", "properties": {"products": {"type": "array", "items": {"$ref": "#/components/schemas/Product"}}}}}}}, "401": {"$ref": "#/components/responses/Unauthorized"}}},
              "post": {"summary": "Add a product (analyst, write token)", "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}, "description": {"type": "string"}}}}}}, "responses": {"201": {"description": "added", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Product"}}}}, "401": {"$ref": "#/components/responses/Unauthorized"}, "403": {"$ref": "#/components/responses/Forbidden"}, "409": {"description": "the name is taken or not valid"}}}
            },
            "/products/{product}/releases": {
              "parameters": [{"name": "product", "in": "path", "required": true, "schema": {"type": "string"}}],
              "get": {"summary": "A product's releases (viewer)", "responses": {"200": {"description": "releases", "content": {"application/json": {"schema": {"type": "object", "properties": {"releases": {"type": "array", "items": {"$ref": "#/components/schemas/Release"}}}}}}}, "404": {"$ref": "#/components/responses/NotFound"}}},
              "post": {"summary": "Upload a release's SBOM (analyst, write token); the release is evaluated at once", "parameters": [{"name": "version", "in": "query", "required": true, "schema": {"type": "string"}}, {"name": "support", "in": "query", "schema": {"enum": ["supported", "security-only", "unsupported"]}}, {"name": "endOfSupport", "in": "query", "schema": {"type": "string", "format": "date"}}, {"name": "devices", "in": "query", "schema": {"type": "integer"}}], "requestBody": {"required": true, "description": "the SBOM, at most 64 MiB", "content": {"application/octet-stream": {}, "application/json": {}, "application/xml": {}}}, "responses": {"201": {"description": "added", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Release"}}}}, "404": {"$ref": "#/components/responses/NotFound"}, "409": {"description": "the release exists"}, "413": {"description": "too large"}, "415": {"description": "not an SBOM"}, "422": {"description": "an SBOM that does not read"}}}
            },
            "/products/{product}/releases/{version}/findings": {
              "parameters": [{"name": "product", "in": "path", "required": true, "schema": {"type": "string"}}, {"name": "version", "in": "path", "required": true, "schema": {"type": "string"}}],
              "get": {"summary": "A release's findings at its latest evaluation (viewer)", "parameters": [{"name": "state", "in": "query", "schema": {"enum": ["open", "closed"]}}, {"name": "severity", "in": "query", "schema": {"type": "string"}}, {"name": "component", "in": "query", "schema": {"type": "string"}}, {"name": "kev", "in": "query", "schema": {"type": "boolean"}}, {"name": "sort", "in": "query", "schema": {"enum": ["priority", "severity", "vulnerability"]}}, {"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 1000}}, {"name": "offset", "in": "query", "schema": {"type": "integer"}}], "responses": {"200": {"description": "a page", "content": {"application/json": {"schema": {"type": "object", "required": ["total", "offset", "limit", "findings"], "properties": {"total": {"type": "integer"}, "offset": {"type": "integer"}, "limit": {"type": "integer"}, "findings": {"type": "array", "items": {"$ref": "#/components/schemas/Finding"}}}}}}}, "404": {"$ref": "#/components/responses/NotFound"}}}
            },
            "/products/{product}/releases/{version}/vex": {
              "parameters": [{"name": "product", "in": "path", "required": true, "schema": {"type": "string"}}, {"name": "version", "in": "path", "required": true, "schema": {"type": "string"}}],
              "get": {"summary": "A VEX document for the release: its scan now with the decisions in force (viewer)", "parameters": [{"name": "format", "in": "query", "schema": {"enum": ["openvex", "cyclonedx", "csaf"], "default": "openvex"}}, {"name": "author", "in": "query", "schema": {"type": "string"}}, {"name": "namespace", "in": "query", "schema": {"type": "string", "format": "uri"}}], "responses": {"200": {"description": "OpenVEX 0.2.0, CycloneDX 1.6 VEX or CSAF 2.0 VEX", "content": {"application/json": {}, "application/vnd.cyclonedx+json": {}}}, "400": {"description": "an unknown format"}, "404": {"$ref": "#/components/responses/NotFound"}}}
            },
            "/triage": {
              "get": {"summary": "The decisions in force (viewer)", "parameters": [{"name": "vulnerability", "in": "query", "schema": {"type": "string"}}], "responses": {"200": {"description": "decisions", "content": {"application/json": {"schema": {"type": "object", "properties": {"decisions": {"type": "array", "items": {"$ref": "#/components/schemas/TriageDecision"}}}}}}}}},
              "post": {"summary": "Record a decision (analyst, write token); the author is the caller", "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["vulnerability", "component", "state", "note"], "properties": {"vulnerability": {"type": "string"}, "component": {"type": "string"}, "version": {"type": "string"}, "state": {"enum": ["not_affected", "affected", "fixed", "under_investigation"]}, "justification": {"type": "string"}, "responses": {"type": "array", "items": {"type": "string"}}, "note": {"type": "string"}}}}}}, "responses": {"201": {"description": "recorded", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TriageDecision"}}}}, "422": {"description": "incomplete (the reasons are in the message)"}}}
            },
            "/alerts": {"get": {"summary": "Alerts and their deliveries, newest first (viewer)", "parameters": [{"name": "status", "in": "query", "schema": {"enum": ["pending", "delivered", "dead-letter"]}}, {"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 1000}}], "responses": {"200": {"description": "alerts (vigil.alert/1 each, with deliveries)"}}}},
            "/metrics": {"get": {"summary": "Lifecycle metrics, vigil.metrics/1 (viewer)", "responses": {"200": {"description": "metrics"}}}},
            "/audit": {"get": {"summary": "The audit log, newest first (admin)", "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 1000}}], "responses": {"200": {"description": "entries: at, actor, action, target, before, after"}, "403": {"$ref": "#/components/responses/Forbidden"}}}},
            "/users": {
              "get": {"summary": "The users, never their password hashes (admin)", "responses": {"200": {"description": "users: name, role, createdAt, disabled"}, "403": {"$ref": "#/components/responses/Forbidden"}}},
              "post": {"summary": "Add a user (admin, write token); the password is hashed with bcrypt and never returned", "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["name", "role", "password"], "properties": {"name": {"type": "string"}, "role": {"enum": ["viewer", "analyst", "admin"]}, "password": {"type": "string", "minLength": 12}}}}}}, "responses": {"201": {"description": "added"}, "409": {"description": "the user exists"}, "422": {"description": "a name or password that cannot be used"}}}
            },
            "/tokens": {
              "get": {"summary": "API tokens, never their secrets or hashes (admin)", "parameters": [{"name": "user", "in": "query", "schema": {"type": "string"}}], "responses": {"200": {"description": "tokens: id, user, scope, createdAt, revokedAt, lastUsedAt"}}},
              "post": {"summary": "Create a token for a user (admin, write token); the answer is the only place the token appears", "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["user"], "properties": {"user": {"type": "string"}, "scope": {"enum": ["read", "write"], "default": "read"}}}}}}, "responses": {"201": {"description": "token, id, user, scope, createdAt"}, "404": {"$ref": "#/components/responses/NotFound"}}}
            },
            "/tokens/{id}": {
              "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
              "delete": {"summary": "Revoke a token at once (admin, write token)", "responses": {"200": {"description": "the revoked token"}, "404": {"$ref": "#/components/responses/NotFound"}}}
            },
            "/openapi.json": {"get": {"summary": "This document (viewer)", "responses": {"200": {"description": "OpenAPI 3.1"}}}}
          }
        }
        """#
}

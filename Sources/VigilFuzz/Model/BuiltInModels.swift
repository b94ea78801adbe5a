/// The protocols medical devices speak, as models in the YAML format users write their own in: HL7 v2 over MLLP,
/// the DICOM upper layer, MQTT 3.1.1, HTTP/1.1 and Modbus/TCP. Each model's messages in their valid form are what a
/// real peer accepts (tested against mosquitto, DCMTK's storescp, and a PyPI HL7 parser).
public enum BuiltInModels {
    /// The models by name.
    public static let all: [String: String] = [
        "hl7-mllp": hl7, "dicom": dicom, "mqtt": mqtt, "http": http, "modbus-tcp": modbus,
    ]

    /// A built-in model, parsed.
    public static func model(_ name: String) throws(ModelError) -> ProtocolModel {
        guard let text = all[name] else {
            throw ModelError("no built-in model '\(name)': \(all.keys.sorted().joined(separator: ", "))")
        }
        return try ModelYAML.load(text)
    }

    /// HL7 v2.5 over MLLP: an ORU^R01 observation (a heart rate) with MSH, PID and OBX segments, framed by MLLP's
    /// start block (0x0B) and end block (0x1C 0x0D).
    static let hl7 = #"""
        name: hl7-mllp
        messages:
          oru-r01:
            - {bytes: "0b", name: start-block}
            - name: message
              block:
                - {text: "MSH|", fuzz: false}
                - {string: "^~\\&", name: encoding}
                - {text: "|"}
                - {string: "VIGIL", name: sending-application}
                - {text: "|"}
                - {string: "FUZZ", name: sending-facility}
                - {text: "|"}
                - {string: "DEVICE", name: receiving-application}
                - {text: "|"}
                - {string: "HOSPITAL", name: receiving-facility}
                - {text: "|"}
                - {string: "20261128120000", name: timestamp}
                - {text: "||"}
                - {string: "ORU^R01", name: message-type}
                - {text: "|"}
                - {string: "MSG00001", name: control-id}
                - {text: "|"}
                - {string: "P", name: processing-id}
                - {text: "|"}
                - {string: "2.5", name: version}
                - {text: "\r"}
                - {text: "PID|1||"}
                - {string: "12345^^^HOSPITAL^MR", name: patient-id}
                - {text: "||"}
                - {string: "DOE^JOHN", name: patient-name}
                - {text: "||"}
                - {string: "19700101", name: birth-date}
                - {text: "|"}
                - {string: "M", name: sex}
                - {text: "\r"}
                - {text: "OBX|1|"}
                - {string: "NM", name: value-type}
                - {text: "|"}
                - {string: "8867-4^Heart rate^LN", name: observation-id}
                - {text: "||"}
                - {string: "72", name: observation-value}
                - {text: "|"}
                - {string: "/min", name: units}
                - {text: "|||||"}
                - {string: "F", name: result-status}
                - {text: "\r"}
            - {bytes: "1c0d", name: end-block}
        """#

    /// The DICOM upper layer (PS3.8): an A-ASSOCIATE-RQ proposing the Verification SOP class, then a P-DATA-TF
    /// carrying a C-ECHO-RQ command (implicit VR little endian), then an A-RELEASE-RQ.
    static let dicom = #"""
        name: dicom
        sequence: [associate-rq, c-echo-rq, release-rq]
        messages:
          associate-rq:
            - {bytes: "01", name: pdu-type, fuzz: false}
            - {bytes: "00"}
            - {length-of: {field: associate, size: 4}, name: pdu-length}
            - name: associate
              block:
                - {integer: {value: 1, size: 2}, name: protocol-version}
                - {bytes: "0000"}
                - {string: "ANY-SCP         ", name: called-ae}
                - {string: "VIGIL-FUZZ      ", name: calling-ae}
                - {bytes: "0000000000000000000000000000000000000000000000000000000000000000"}
                - {bytes: "1000", name: application-context-type}
                - {length-of: {field: application-context, size: 2}}
                - {string: "1.2.840.10008.3.1.1.1", name: application-context}
                - {bytes: "2000", name: presentation-context-type}
                - {length-of: {field: presentation-context, size: 2}}
                - name: presentation-context
                  block:
                    - {integer: {value: 1, size: 1}, name: context-id}
                    - {bytes: "000000"}
                    - {bytes: "3000"}
                    - {length-of: {field: abstract-syntax, size: 2}}
                    - {string: "1.2.840.10008.1.1", name: abstract-syntax}
                    - {bytes: "4000"}
                    - {length-of: {field: transfer-syntax, size: 2}}
                    - {string: "1.2.840.10008.1.2", name: transfer-syntax}
                - {bytes: "5000", name: user-information-type}
                - {length-of: {field: user-information, size: 2}}
                - name: user-information
                  block:
                    - {bytes: "51000004"}
                    - {integer: {value: 16384, size: 4}, name: maximum-length}
                    - {bytes: "5200"}
                    - {length-of: {field: implementation-class, size: 2}}
                    - {string: "1.2.826.0.1.3680043.2.1545.1", name: implementation-class}
          c-echo-rq:
            - {bytes: "04", name: pdu-type, fuzz: false}
            - {bytes: "00"}
            - {length-of: {field: pdv-item, size: 4}, name: pdu-length}
            - name: pdv-item
              block:
                - {length-of: {field: pdv, size: 4}, name: pdv-length}
                - name: pdv
                  block:
                    - {integer: {value: 1, size: 1}, name: context-id}
                    - {integer: {value: 3, size: 1}, name: message-control}
                    - {bytes: "0000000004000000", name: group-length-tag}
                    - {length-of: {field: command, size: 4, endian: little}, name: group-length}
                    - name: command
                      block:
                        - {bytes: "0000020012000000"}
                        - {text: "1.2.840.10008.1.1\0", name: affected-sop-class}
                        - {bytes: "0000000102000000"}
                        - {integer: {value: 48, size: 2, endian: little}, name: command-field}
                        - {bytes: "0000100102000000"}
                        - {integer: {value: 1, size: 2, endian: little}, name: message-id}
                        - {bytes: "0000000802000000"}
                        - {integer: {value: 257, size: 2, endian: little}, name: data-set-type}
          release-rq:
            - {bytes: "05000000000400000000", name: release-rq}
        """#

    /// MQTT 3.1.1: CONNECT (clean session), SUBSCRIBE to `vigil/#`, PUBLISH to `vigil/fuzz` at QoS 0.
    static let mqtt = #"""
        name: mqtt
        sequence: [connect, subscribe, publish]
        messages:
          connect:
            - {bytes: "10", name: packet-type}
            - {var-length-of: {field: connect-body}, name: remaining-length}
            - name: connect-body
              block:
                - {length-of: {field: protocol-name, size: 2}}
                - {string: "MQTT", name: protocol-name}
                - {integer: {value: 4, size: 1}, name: protocol-level}
                - {integer: {value: 2, size: 1}, name: connect-flags}
                - {integer: {value: 60, size: 2}, name: keep-alive}
                - {length-of: {field: client-id, size: 2}}
                - {string: "vigil-fuzz", name: client-id}
          subscribe:
            - {bytes: "82", name: packet-type}
            - {var-length-of: {field: subscribe-body}, name: remaining-length}
            - name: subscribe-body
              block:
                - {integer: {value: 1, size: 2}, name: packet-id}
                - {length-of: {field: topic-filter, size: 2}}
                - {string: "vigil/#", name: topic-filter}
                - {integer: {value: 0, size: 1}, name: requested-qos}
          publish:
            - {bytes: "30", name: packet-type}
            - {var-length-of: {field: publish-body}, name: remaining-length}
            - name: publish-body
              block:
                - {length-of: {field: topic, size: 2}}
                - {string: "vigil/fuzz", name: topic}
                - {string: "heart-rate=72", name: payload}
        """#

    /// HTTP/1.1: a GET and a POST with a body and its Content-Length.
    static let http = #"""
        name: http
        messages:
          get:
            - choice: [{string: "GET"}, {string: "HEAD"}, {string: "OPTIONS"}, {string: "DELETE"}]
              name: method
            - {text: " "}
            - {string: "/index.html", name: path}
            - {text: " "}
            - {string: "HTTP/1.1", name: version}
            - {text: "\r\nHost: "}
            - {string: "device.local", name: host}
            - {text: "\r\nUser-Agent: "}
            - {string: "vigil-fuzz", name: user-agent}
            - {text: "\r\nAccept: */*\r\nConnection: close\r\n\r\n"}
          post:
            - {text: "POST "}
            - {string: "/api/settings", name: path}
            - {text: " HTTP/1.1\r\nHost: device.local\r\nContent-Type: "}
            - {string: "application/json", name: content-type}
            - {text: "\r\nContent-Length: "}
            - {string: "17", name: content-length}
            - {text: "\r\nConnection: close\r\n\r\n"}
            - {string: "{\"alarm\": \"high\"}", name: body}
        """#

    /// Modbus/TCP: the MBAP header with the length of what follows, then Read Holding Registers (function 3) and
    /// Write Single Register (function 6).
    static let modbus = #"""
        name: modbus-tcp
        messages:
          read-holding-registers:
            - {integer: {value: 1, size: 2}, name: transaction-id}
            - {integer: {value: 0, size: 2}, name: protocol-id}
            - {length-of: {field: pdu, size: 2}, name: length}
            - name: pdu
              block:
                - {integer: {value: 1, size: 1}, name: unit-id}
                - {integer: {value: 3, size: 1}, name: function}
                - {integer: {value: 0, size: 2}, name: address}
                - {integer: {value: 10, size: 2}, name: quantity}
          write-single-register:
            - {integer: {value: 2, size: 2}, name: transaction-id}
            - {integer: {value: 0, size: 2}, name: protocol-id}
            - {length-of: {field: pdu, size: 2}, name: length}
            - name: pdu
              block:
                - {integer: {value: 1, size: 1}, name: unit-id}
                - {integer: {value: 6, size: 1}, name: function}
                - {integer: {value: 1, size: 2}, name: address}
                - {integer: {value: 72, size: 2}, name: value}
        """#
}

module fwpkclnt/examples/go

go 1.19

require fwpkclnt/bindings/go/fwpk v0.0.0

replace fwpkclnt/bindings/go/fwpk => ../../bindings/go

module fwpkclnt/bindings/go/fwpk

go 1.19

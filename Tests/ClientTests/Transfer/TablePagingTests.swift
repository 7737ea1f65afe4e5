import Testing

@testable import Client

@Suite struct TablePagingTests {
    typealias Page = TablePaging.Page

    @Test func allRowsInPagesOfTheServerCap() {
        var paging = TablePaging(offset: 0, limit: nil, pageSize: 10_000)
        #expect(paging.next() == Page(offset: 0, limit: 10_000))
        paging.received(rows: 10_000, totalCount: 25_000)
        #expect(paging.next() == Page(offset: 10_000, limit: 10_000))
        paging.received(rows: 10_000, totalCount: 25_000)
        #expect(paging.next() == Page(offset: 20_000, limit: 10_000))
        paging.received(rows: 5_000, totalCount: 25_000)
        #expect(paging.next() == nil)
    }

    @Test func aLimitBelowThePageSizeIsOneQuery() {
        var paging = TablePaging(offset: 40, limit: 30)
        #expect(paging.next() == Page(offset: 40, limit: 30))
        paging.received(rows: 30, totalCount: 1_000)
        #expect(paging.next() == nil)
    }

    @Test func aLimitAcrossPagesAsksOnlyForTheRest() {
        var paging = TablePaging(offset: 0, limit: 25, pageSize: 10)
        paging.received(rows: 10, totalCount: 100)
        paging.received(rows: 10, totalCount: 100)
        #expect(paging.next() == Page(offset: 20, limit: 5))
    }

    @Test func stopsAtTheEndOfTheTableOrAnEmptyPage() {
        var short = TablePaging(offset: 5, limit: nil, pageSize: 10)
        short.received(rows: 3, totalCount: 8)
        #expect(short.next() == nil)

        var shrinking = TablePaging(offset: 0, limit: nil, pageSize: 10)
        shrinking.received(rows: 0, totalCount: 50)
        #expect(shrinking.next() == nil)
    }

    @Test func zeroLimitAsksNothing() {
        #expect(TablePaging(offset: 0, limit: 0).next() == nil)
    }
}

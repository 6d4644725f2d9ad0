import { useShallow } from 'zustand/react/shallow'
import type { DomainUser } from '../../../../src-preload/contract'
import { DataTable, type Column } from '../../components/DataTable'
import { EmptyList } from '../../components/ListPage'
import { Pager } from '../../components/Pager'
import { useStore } from '../../store'
import { USERS_PAGE_SIZE } from '../../store/users'

const columns: Column<DomainUser>[] = [
  { header: 'User ID', cell: (user) => user.userid },
  { header: 'Name', cell: (user) => [user.firstName, user.lastName].filter(Boolean).join(' ') },
  { header: 'Department', cell: (user) => user.department ?? '' },
  { header: 'Domain', cell: (user) => user.domain },
  { header: 'Role', cell: (user) => user.role },
  { header: 'Services', numeric: true, cell: (user) => user.services.length }
]

/** One page of the search's users; a row opens the user's services. */
export function UsersTable() {
  const { page, selected, selectUser, searchUsers, loading } = useStore(
    useShallow((s) => ({
      page: s.userPage,
      selected: s.selectedUser,
      selectUser: s.selectUser,
      searchUsers: s.searchUsers,
      loading: s.usersLoading
    }))
  )
  if (!page) return <EmptyList loading={loading && 'Loading users…'}>Search to list users.</EmptyList>
  if (page.total === 0)
    return (
      <EmptyList>
        No users found. Users appear once a domain synchronization has filed them into a domain.
      </EmptyList>
    )

  return (
    <div className="stack">
      <DataTable
        caption="Users"
        columns={columns}
        rows={page.users}
        rowKey={(user) => `${user.domain}/${user.userid}`}
        onRowClick={(user) => selectUser(user.userid)}
        isSelected={(user) => user.userid === selected}
      />
      <Pager
        label="Pages of users"
        what="Users"
        offset={page.offset}
        shown={page.users.length}
        total={page.total}
        pageSize={USERS_PAGE_SIZE}
        previous="Previous page"
        next="Next page"
        busy={loading}
        onChange={(offset) => void searchUsers(page.query, offset)}
      />
    </div>
  )
}

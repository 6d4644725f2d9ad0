import { useShallow } from 'zustand/react/shallow'
import { GridTable } from '../../components/GridTable'
import { onRowKeyDown } from '../../components/rowKeys'
import { useStore } from '../../store'
import { USERS_PAGE_SIZE } from '../../store/users'

const columns = ['User ID', 'Name', 'Department', 'Domain', 'Role', 'Services']

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
  if (!page) return <p className="empty">{loading ? 'Loading users…' : 'Search to list users.'}</p>
  if (page.total === 0)
    return (
      <p className="empty">
        No users found. Users appear once a domain synchronization has filed them into a domain.
      </p>
    )

  const first = page.offset + 1
  const last = page.offset + page.users.length
  const goTo = (offset: number) => void searchUsers(page.query, offset)
  return (
    <div className="stack">
      <GridTable caption="Users" columns={columns} numeric={['Services']}>
        {page.users.map((user) => {
          const isSelected = user.userid === selected
          return (
            <tr
              key={`${user.domain}/${user.userid}`}
              tabIndex={0}
              aria-selected={isSelected}
              className={isSelected ? 'selected' : undefined}
              onClick={() => selectUser(user.userid)}
              onKeyDown={(e) => onRowKeyDown(e, () => selectUser(user.userid))}
            >
              <td>{user.userid}</td>
              <td>{[user.firstName, user.lastName].filter(Boolean).join(' ')}</td>
              <td>{user.department ?? ''}</td>
              <td>{user.domain}</td>
              <td>{user.role}</td>
              <td className="num">{user.services.length}</td>
            </tr>
          )
        })}
      </GridTable>
      <nav className="pager" aria-label="Pages of users">
        <button
          type="button"
          disabled={loading || page.offset === 0}
          onClick={() => goTo(page.offset - USERS_PAGE_SIZE)}
        >
          Previous page
        </button>
        <span aria-live="polite">
          Users {first}–{last} of {page.total}
        </span>
        <button
          type="button"
          disabled={loading || last >= page.total}
          onClick={() => goTo(page.offset + USERS_PAGE_SIZE)}
        >
          Next page
        </button>
      </nav>
    </div>
  )
}
